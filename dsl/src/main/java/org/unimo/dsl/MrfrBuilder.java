package org.unimo.dsl;

import org.unimo.dsl.proto.MaskedRegionFeatureRegression;

/** Configures masked region feature regression on images without text. */
@SpecDsl
public final class MrfrBuilder {
  private final MaskedRegionFeatureRegression.Builder proto;

  MrfrBuilder(MaskedRegionFeatureRegression.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total. */
  public MrfrBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Share of an image's regions masked (at least one); the same for MRC when both are on. */
  public MrfrBuilder rate(float rate) {
    proto.setRate(rate);
    return this;
  }
}
