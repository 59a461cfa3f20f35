package org.unimo.tasks.baseline;

import java.util.Arrays;
import java.util.List;

/**
 * Ridge regression by L-BFGS: it minimizes {@code 1 / (2n) sum (b + w . x_i - y_i)^2 + l2 / 2
 * ||w||^2} (the bias not penalized), starting from w = 0 and b = the mean target.
 */
final class LeastSquares {
  private LeastSquares() {}

  static Linear fit(List<Featurizer.Sparse> x, double[] targets, int vocabulary, double l2, int iterations, double tolerance) {
    int n = targets.length;
    Lbfgs.Objective objective =
        (theta, gradient) -> {
          Arrays.fill(gradient, 0.0);
          double loss = 0;
          for (int i = 0; i < n; i++) {
            Featurizer.Sparse row = x.get(i);
            double residual = theta[vocabulary] - targets[i];
            for (int k = 0; k < row.indices().length; k++) {
              residual += theta[row.indices()[k]] * row.values()[k];
            }
            loss += residual * residual / 2;
            gradient[vocabulary] += residual;
            for (int k = 0; k < row.indices().length; k++) {
              gradient[row.indices()[k]] += residual * row.values()[k];
            }
          }
          loss /= n;
          for (int j = 0; j < gradient.length; j++) {
            gradient[j] /= n;
          }
          double squares = 0;
          for (int j = 0; j < vocabulary; j++) {
            squares += theta[j] * theta[j];
            gradient[j] += l2 * theta[j];
          }
          return loss + l2 / 2 * squares;
        };
    double[] start = new double[vocabulary + 1];
    double mean = 0;
    for (double target : targets) {
      mean += target;
    }
    start[vocabulary] = mean / n;
    Lbfgs.Result result = Lbfgs.minimize(objective, start, iterations, tolerance);
    double[][] weights = {Arrays.copyOf(result.x(), vocabulary)};
    double[] bias = {result.x()[vocabulary]};
    return new Linear(weights, bias, result.losses(), result.converged());
  }
}
