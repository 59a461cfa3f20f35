package org.unimo.tasks.metrics;

/**
 * Pearson's correlation coefficient, GLUE's first metric for STS-B, as SciPy's {@code pearsonr}
 * computes it: both sides centred and scaled to unit length before the dot product (steadier than
 * the textbook sums formula), the result clipped to [-1, 1].
 */
public final class Pearson {
  private Pearson() {}

  /**
   * @throws IllegalArgumentException for unequal lengths, fewer than two values, or a side that
   *     is constant (the coefficient is undefined; SciPy returns NaN)
   */
  public static double score(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " predictions for " + y.length + " labels");
    }
    if (x.length < 2) {
      throw new IllegalArgumentException("a correlation needs at least 2 values, got " + x.length);
    }
    double[] xm = centred(x, "the predictions");
    double[] ym = centred(y, "the labels");
    double r = 0;
    for (int i = 0; i < x.length; i++) {
      r += xm[i] * ym[i];
    }
    return Math.max(-1.0, Math.min(1.0, r));
  }

  /** {@code (v - mean) / |v - mean|}. */
  private static double[] centred(double[] v, String what) {
    double mean = 0;
    for (double d : v) {
      mean += d;
    }
    mean /= v.length;
    double[] out = new double[v.length];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] - mean;
      norm += out[i] * out[i];
    }
    norm = Math.sqrt(norm);
    if (norm == 0) {
      throw new IllegalArgumentException(what + " are constant: the correlation is undefined");
    }
    for (int i = 0; i < v.length; i++) {
      out[i] /= norm;
    }
    return out;
  }
}
