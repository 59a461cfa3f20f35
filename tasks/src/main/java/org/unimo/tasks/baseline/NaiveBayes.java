package org.unimo.tasks.baseline;

import java.util.List;

/**
 * Multinomial naive Bayes: {@code log P(c) + sum_w n_w log P(w | c)} with {@code P(c)} the share
 * of training texts of class c and {@code P(w | c) = (N_cw + a) / (N_c + a V)}, N_cw the count of
 * word w in class c's texts, N_c all their vocabulary words, V the vocabulary size and a the
 * smoothing (1: Laplace's add-one). A class without training texts has prior 0: never predicted.
 */
final class NaiveBayes {
  private NaiveBayes() {}

  static Linear fit(List<Featurizer.Sparse> counts, int[] labels, int classes, int vocabulary, double smoothing) {
    double[][] wordCounts = new double[classes][vocabulary];
    double[] totals = new double[classes];
    double[] texts = new double[classes];
    for (int i = 0; i < labels.length; i++) {
      Featurizer.Sparse x = counts.get(i);
      int c = labels[i];
      texts[c]++;
      for (int k = 0; k < x.indices().length; k++) {
        wordCounts[c][x.indices()[k]] += x.values()[k];
        totals[c] += x.values()[k];
      }
    }
    double[][] logLikelihood = new double[classes][vocabulary];
    double[] logPrior = new double[classes];
    for (int c = 0; c < classes; c++) {
      logPrior[c] = Math.log(texts[c] / labels.length);
      double denominator = Math.log(totals[c] + smoothing * vocabulary);
      for (int w = 0; w < vocabulary; w++) {
        logLikelihood[c][w] = Math.log(wordCounts[c][w] + smoothing) - denominator;
      }
    }
    return new Linear(logLikelihood, logPrior, List.of(), true);
  }
}
