package org.unimo.tasks.baseline;

import java.util.Map;
import java.util.TreeMap;

/**
 * The simplest baseline: always the class most frequent in training; of equally frequent classes,
 * the lowest index. Its accuracy is the majority class's share of the evaluated set and its
 * Matthews correlation 0.
 *
 * <pre>{@code
 * Majority majority = Majority.train(trainLabels);   // {0, 1, 1, 0} -> label 0, count 2 of 4
 * int predicted = majority.label();
 * }</pre>
 *
 * @param label the class predicted for every text
 * @param count how many training labels are {@code label}
 * @param examples how many training labels there were
 */
public record Majority(int label, int count, int examples) {
  public Majority {
    if (label < 0 || count < 1 || count > examples) {
      throw new IllegalArgumentException("label " + label + " on " + count + " of " + examples + " examples");
    }
  }

  /**
   * The majority of {@code labels}.
   *
   * @throws IllegalArgumentException for no labels or a negative one
   */
  public static Majority train(int[] labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("no training labels");
    }
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0) {
        throw new IllegalArgumentException("labels[" + i + "]: " + labels[i] + " is negative");
      }
      counts.merge(labels[i], 1, Integer::sum);
    }
    int best = -1;
    int bestCount = 0;
    // Ascending labels and a strict comparison: a tie keeps the lower label.
    for (Map.Entry<Integer, Integer> entry : counts.entrySet()) {
      if (entry.getValue() > bestCount) {
        best = entry.getKey();
        bestCount = entry.getValue();
      }
    }
    return new Majority(best, bestCount, labels.length);
  }

  /** The majority class's share of the training labels. */
  public double share() {
    return (double) count / examples;
  }
}
