package org.unimo.graph.decoding;

/**
 * A decoded text.
 *
 * @param tokens the generated token ids, without the end token
 * @param ended whether the model ended it (else it reached the maximum length)
 * @param logProb the sum of the log-probabilities of its tokens, the end token's included
 * @param score what the search ranked it by: {@code logProb} over the length penalty
 */
public record Generated(int[] tokens, boolean ended, double logProb, double score) {
  public Generated {
    tokens = tokens.clone();
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }
}
