package org.unimo.dsl;

import java.util.function.Consumer;

/** Configures an objective on image-text pairs that has only a weight: caption generation. */
@SpecDsl
public final class PairObjectiveBuilder {
  private final Consumer<Float> weight;

  PairObjectiveBuilder(Consumer<Float> weight) {
    this.weight = weight;
  }

  /** Weight of this loss in the total. */
  public PairObjectiveBuilder weight(float value) {
    weight.accept(value);
    return this;
  }
}
