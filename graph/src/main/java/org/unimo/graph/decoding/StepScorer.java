package org.unimo.graph.decoding;

import java.util.List;

/** One decoding step of a model: the next token's log-probabilities after each of several prefixes. */
@FunctionalInterface
public interface StepScorer {
  /**
   * Log-probabilities [N, V] of the next token: row i after target prefix {@code prefixes.get(i)}
   * (the tokens generated so far, without [CLS]) of input {@code inputs[i]}.
   */
  float[][] logProbs(int[] inputs, List<int[]> prefixes);
}
