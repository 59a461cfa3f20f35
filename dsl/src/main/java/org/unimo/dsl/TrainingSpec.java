package org.unimo.dsl;

import java.util.Optional;

/**
 * The training run.
 *
 * @param batchSize examples per batch (per kind of data)
 * @param steps training steps
 * @param mix when present, each step trains on one kind of data drawn in these ratios, and only
 *     that kind's objectives; when empty, every step takes a batch of each kind its objectives need
 * @param accumulationSteps micro-batches per optimizer step (1: none); each has {@code batchSize /
 *     accumulationSteps} examples of each kind, and their gradients are summed before the update
 */
public record TrainingSpec(int batchSize, int steps, Optional<DataMixSpec> mix, int accumulationSteps) {
  /** Examples of each kind per micro-batch (of a valid spec; an invalid count counts as 1). */
  public int microBatchSize() {
    return batchSize / Math.max(1, accumulationSteps);
  }
}
