package org.unimo.dsl;

import org.unimo.dsl.proto.ImageInput;

/** Configures the image-region input: {@code [IMG] v1 ... vt}. */
@SpecDsl
public final class ImageBuilder {
  private final ImageInput.Builder proto;

  ImageBuilder(ImageInput.Builder proto) {
    this.proto = proto;
  }

  /** Size of one region's feature vector (2048 for Faster R-CNN regions). */
  public ImageBuilder featureSize(int featureSize) {
    proto.setFeatureSize(featureSize);
    return this;
  }

  /** Maximum regions per image, not counting [IMG]. */
  public ImageBuilder maxRegions(int maxRegions) {
    proto.setMaxRegions(maxRegions);
    return this;
  }

  /** Size of a region's location vector (5: x1, y1, x2, y2, area). */
  public ImageBuilder boxFeatures(int boxFeatures) {
    proto.setBoxFeatures(boxFeatures);
    return this;
  }
}
