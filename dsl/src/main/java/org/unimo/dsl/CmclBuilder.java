package org.unimo.dsl;

import org.unimo.dsl.proto.Cmcl;

/** Configures cross-modal contrastive learning. */
@SpecDsl
public final class CmclBuilder {
  private final Cmcl.Builder proto;

  CmclBuilder(Cmcl.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total. */
  public CmclBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Softmax temperature over cosine similarities; where it starts when learned. */
  public CmclBuilder temperature(float temperature) {
    proto.setTemperature(temperature);
    return this;
  }

  /** Learn the temperature (as log tau, clipped to [0.01, 1]) instead of fixing it. */
  public CmclBuilder learnTemperature(boolean learn) {
    proto.setLearnTemperature(learn);
    return this;
  }

  /** Positives and hard negatives per pair beyond the in-batch ones ({@link CmclSamplesBuilder}). */
  public CmclBuilder samples(Block<CmclSamplesBuilder> block) {
    block.configure(new CmclSamplesBuilder(proto.getSamplesBuilder()));
    return this;
  }
}
