package org.unimo.tasks.baseline;

import java.util.List;

/**
 * What every bag-of-words method learns: one score per output, {@code bias[c] + weights[c] . x}.
 * Naive Bayes fits the same form: its log prior is the bias, its log word probabilities the
 * weights, the word counts x.
 *
 * @param weights one row of vocabulary-size weights per output
 * @param bias one per output
 * @param losses the training objective at the start and after each iteration; empty when fitted
 *     in closed form
 * @param converged false when the iterations ran out before the tolerance was met
 */
record Linear(double[][] weights, double[] bias, List<Double> losses, boolean converged) {
  Linear {
    losses = List.copyOf(losses);
  }

  /** Each output's score for {@code x}. */
  double[] scores(Featurizer.Sparse x) {
    double[] scores = new double[bias.length];
    for (int c = 0; c < scores.length; c++) {
      double score = bias[c];
      double[] w = weights[c];
      for (int k = 0; k < x.indices().length; k++) {
        score += w[x.indices()[k]] * x.values()[k];
      }
      scores[c] = score;
    }
    return scores;
  }
}
