package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ImageSpec;

/**
 * A batch of images as the graph takes them: region features, boxes and the region mask, padded
 * to the maximum region count. Row-major arrays.
 */
public record ImageBatch(
    float[] features, float[] boxes, float[] mask, int size, int maxRegions, int featureSize, int boxSize) {
  public ImageBatch {
    requireNonNull(features, "features");
    requireNonNull(boxes, "boxes");
    requireNonNull(mask, "mask");
  }

  /**
   * Packs images; an image with more than {@code maxRegions} regions keeps its first ones.
   *
   * @throws IllegalArgumentException naming the image and region whose sizes do not match
   */
  public static ImageBatch of(List<ImageRegions> images, int maxRegions, int featureSize, int boxSize) {
    int size = images.size();
    float[] features = new float[size * maxRegions * featureSize];
    float[] boxes = new float[size * maxRegions * boxSize];
    float[] mask = new float[size * maxRegions];
    for (int b = 0; b < size; b++) {
      ImageRegions image = images.get(b);
      int regions = Math.min(image.regions(), maxRegions);
      for (int r = 0; r < regions; r++) {
        float[] f = image.features()[r];
        float[] box = image.boxes()[r];
        if (f.length != featureSize) {
          throw new IllegalArgumentException(
              "image " + b + ", region " + r + ": " + f.length + " features, the model takes " + featureSize);
        }
        if (box.length != boxSize) {
          throw new IllegalArgumentException(
              "image " + b + ", region " + r + ": a box of " + box.length + " values, the model takes " + boxSize);
        }
        System.arraycopy(f, 0, features, (b * maxRegions + r) * featureSize, featureSize);
        System.arraycopy(box, 0, boxes, (b * maxRegions + r) * boxSize, boxSize);
        mask[b * maxRegions + r] = 1f;
      }
    }
    return new ImageBatch(features, boxes, mask, size, maxRegions, featureSize, boxSize);
  }

  /** Packs images as the spec's image input takes them ({@link #of(List, int, int, int)}). */
  public static ImageBatch of(List<ImageRegions> images, ImageSpec spec) {
    return of(images, spec.maxRegions(), spec.featureSize(), spec.boxFeatures());
  }

  /** A new float32 [B, R, F] tensor of the region features; the caller closes it. */
  public TFloat32 featuresTensor() {
    return Tensors.floats(features, size, maxRegions, featureSize);
  }

  /** A new float32 [B, R, 5] tensor of the boxes; the caller closes it. */
  public TFloat32 boxesTensor() {
    return Tensors.floats(boxes, size, maxRegions, boxSize);
  }

  /** A new float32 [B, R] tensor of the region mask; the caller closes it. */
  public TFloat32 maskTensor() {
    return Tensors.floats(mask, size, maxRegions);
  }

  /** Images {@code from} to {@code from + count - 1}, copied: a micro-batch's share. */
  public ImageBatch rows(int from, int count) {
    Rows.check(from, count, size);
    return new ImageBatch(
        Rows.copy(features, from, count, maxRegions * featureSize),
        Rows.copy(boxes, from, count, maxRegions * boxSize),
        Rows.copy(mask, from, count, maxRegions),
        count,
        maxRegions,
        featureSize,
        boxSize);
  }
}
