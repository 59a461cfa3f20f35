package org.unimo.dsl;

import org.unimo.dsl.proto.Training;

/** Configures the training run. */
@SpecDsl
public final class TrainingBuilder {
  private final Training.Builder proto;

  TrainingBuilder(Training.Builder proto) {
    this.proto = proto;
  }

  public TrainingBuilder batchSize(int batchSize) {
    proto.setBatchSize(batchSize);
    return this;
  }

  public TrainingBuilder steps(int steps) {
    proto.setSteps(steps);
    return this;
  }

  /**
   * Trains each step on one kind of data, drawn in these ratios (UNIMO's joint schedule); without
   * it, every step takes one batch of each kind.
   */
  public TrainingBuilder mix(float text, float image, float pair) {
    proto.getMixBuilder().setText(text).setImage(image).setPair(pair);
    return this;
  }

  /**
   * Gradient accumulation: splits each step's batch into {@code steps} micro-batches run one after
   * another, their gradients summed before the one update; memory follows the micro-batch. {@code
   * batchSize} must be a multiple of it.
   */
  public TrainingBuilder accumulationSteps(int steps) {
    proto.setAccumulationSteps(steps);
    return this;
  }
}
