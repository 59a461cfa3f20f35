package org.unimo.dsl;

import org.unimo.dsl.proto.Training;

/** Configures the training run. */
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

  /** Checkpoint every this many steps; 0 writes only the final checkpoint. */
  public TrainingBuilder checkpointEvery(int steps) {
    proto.setCheckpointEvery(steps);
    return this;
  }

  public TrainingBuilder keepCheckpoints(int count) {
    proto.setKeepCheckpoints(count);
    return this;
  }
}
