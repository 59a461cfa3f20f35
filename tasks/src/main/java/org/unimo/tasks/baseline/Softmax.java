package org.unimo.tasks.baseline;

import java.util.Arrays;
import java.util.List;

/**
 * Multinomial logistic regression by L-BFGS from zero weights: it minimizes the mean cross-entropy
 * of {@code softmax(b + W x)} plus {@code l2 / 2 ||W||^2} (the biases are not penalized). Two
 * classes get two rows of weights, as more do; with the penalty the solution is still unique.
 */
final class Softmax {
  private Softmax() {}

  static Linear fit(List<Featurizer.Sparse> x, int[] labels, int classes, int vocabulary, double l2, int iterations, double tolerance) {
    int n = labels.length;
    int biases = classes * vocabulary;
    Lbfgs.Objective objective =
        (theta, gradient) -> {
          Arrays.fill(gradient, 0.0);
          double loss = 0;
          double[] logits = new double[classes];
          for (int i = 0; i < n; i++) {
            Featurizer.Sparse row = x.get(i);
            for (int c = 0; c < classes; c++) {
              double logit = theta[biases + c];
              int offset = c * vocabulary;
              for (int k = 0; k < row.indices().length; k++) {
                logit += theta[offset + row.indices()[k]] * row.values()[k];
              }
              logits[c] = logit;
            }
            double logSum = logSumExp(logits);
            loss += logSum - logits[labels[i]];
            for (int c = 0; c < classes; c++) {
              double residual = Math.exp(logits[c] - logSum) - (c == labels[i] ? 1 : 0);
              gradient[biases + c] += residual;
              int offset = c * vocabulary;
              for (int k = 0; k < row.indices().length; k++) {
                gradient[offset + row.indices()[k]] += residual * row.values()[k];
              }
            }
          }
          loss /= n;
          for (int j = 0; j < gradient.length; j++) {
            gradient[j] /= n;
          }
          double squares = 0;
          for (int j = 0; j < biases; j++) {
            squares += theta[j] * theta[j];
            gradient[j] += l2 * theta[j];
          }
          return loss + l2 / 2 * squares;
        };
    Lbfgs.Result result = Lbfgs.minimize(objective, new double[biases + classes], iterations, tolerance);
    double[][] weights = new double[classes][];
    for (int c = 0; c < classes; c++) {
      weights[c] = Arrays.copyOfRange(result.x(), c * vocabulary, (c + 1) * vocabulary);
    }
    double[] bias = Arrays.copyOfRange(result.x(), biases, biases + classes);
    return new Linear(weights, bias, result.losses(), result.converged());
  }

  /** {@code log sum exp(scores)}, without overflow; minus infinity for an empty or all minus infinity array. */
  static double logSumExp(double[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      max = Math.max(max, s);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double s : scores) {
      sum += Math.exp(s - max);
    }
    return max + Math.log(sum);
  }
}
