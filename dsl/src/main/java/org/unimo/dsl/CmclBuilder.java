package org.unimo.dsl;

import org.unimo.dsl.proto.Cmcl;

/** Configures cross-modal contrastive learning. */
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

  /** Softmax temperature over cosine similarities. */
  public CmclBuilder temperature(float temperature) {
    proto.setTemperature(temperature);
    return this;
  }
}
