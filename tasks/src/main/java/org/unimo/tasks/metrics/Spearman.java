package org.unimo.tasks.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Spearman's rank correlation, GLUE's second metric for STS-B, as SciPy's {@code spearmanr}
 * computes it: Pearson's coefficient of the ranks, tied values sharing the average of their ranks
 * ({@code rankdata(method="average")}).
 */
public final class Spearman {
  private Spearman() {}

  public static double score(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " predictions for " + y.length + " labels");
    }
    return Pearson.score(ranks(x), ranks(y));
  }

  /** 1-based ranks, ties given the mean of the ranks they span. */
  static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    double[] ranks = new double[v.length];
    int i = 0;
    while (i < v.length) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double average = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = average;
      }
      i = j + 1;
    }
    return ranks;
  }
}
