package org.unimo.graph.objectives.mlm;

import org.unimo.graph.TextBatch;

import static java.util.Objects.requireNonNull;


/**
 * A masked-LM batch: the masked input, and the positions, original ids and weights of the
 * predictions (padded to {@code maxPredictions} with weight 0).
 */
public record MaskedLmBatch(
    TextBatch input, int[] positions, int[] labels, float[] weights, int maxPredictions) {
  public MaskedLmBatch {
    requireNonNull(input, "input");
    int n = input.size() * maxPredictions;
    if (positions.length != n || labels.length != n || weights.length != n) {
      throw new IllegalArgumentException(
          "a masked-LM batch of " + input.size() + " x " + maxPredictions + " needs that many predictions");
    }
  }
}
