package org.unimo.tasks.cli;

import java.util.Arrays;

/**
 * The centre and spread of a small sample, by order statistics: what {@code unimo bench-steps}
 * reports for each build's repetitions, and takes of each run's steps.
 *
 * <p>Order statistics rather than mean and standard deviation: on a shared machine a repetition
 * that another process slowed down is an outlier, and one outlier moves a mean but not a median.
 *
 * <pre>{@code
 * Spread s = Spread.of(9, 1, 5, 3, 7);  // median 5, min 1, max 9, q1 3, q3 7, IQR 4, MAD 2
 * }</pre>
 *
 * @param count the sample size
 * @param q1 the first quartile, interpolated linearly between order statistics (R's type 7, numpy's
 *     default)
 * @param q3 the third quartile, likewise
 * @param mad the median absolute deviation from the median (unscaled)
 */
record Spread(int count, double median, double min, double max, double q1, double q3, double mad) {

  /**
   * The statistics of {@code values}.
   *
   * @throws IllegalArgumentException if there are none or one is not finite
   */
  static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to summarize");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double value : sorted) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("not a finite value: " + value);
      }
    }
    double median = quantile(sorted, 0.5);
    double[] deviations = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      deviations[i] = Math.abs(sorted[i] - median);
    }
    Arrays.sort(deviations);
    return new Spread(
        sorted.length,
        median,
        sorted[0],
        sorted[sorted.length - 1],
        quantile(sorted, 0.25),
        quantile(sorted, 0.75),
        quantile(deviations, 0.5));
  }

  /** The interquartile range, {@code q3 - q1}. */
  double iqr() {
    return q3 - q1;
  }

  /** The {@code p} quantile of ascending {@code sorted}, interpolating between neighbours. */
  static double quantile(double[] sorted, double p) {
    double rank = p * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
