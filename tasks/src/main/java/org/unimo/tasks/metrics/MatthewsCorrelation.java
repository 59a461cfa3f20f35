package org.unimo.tasks.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Matthews correlation coefficient, GLUE's metric for CoLA, as scikit-learn's {@code
 * matthews_corrcoef} computes it for two or more classes (Gorodkin's R_K from the confusion
 * matrix): {@code (c*s - t.p) / sqrt((s^2 - p.p) (s^2 - t.t))} with c the correct predictions, s
 * the samples, t and p the per-class counts of labels and of predictions. When either side has a
 * single class the denominator is 0 and the score is 0, as in scikit-learn.
 *
 * <pre>{@code
 * MatthewsCorrelation.score(List.of("1", "0", "1", "1"), List.of("1", "1", "1", "0"))  // -1/3
 * }</pre>
 */
public final class MatthewsCorrelation {
  private MatthewsCorrelation() {}

  /** Labels and predictions are class names, compared as strings. */
  public static double score(List<String> predictions, List<String> labels) {
    Labels.checkPaired(predictions.size(), labels.size());
    Map<String, Integer> trueCounts = new HashMap<>();
    Map<String, Integer> predictedCounts = new HashMap<>();
    double correct = 0;
    for (int i = 0; i < predictions.size(); i++) {
      trueCounts.merge(labels.get(i), 1, Integer::sum);
      predictedCounts.merge(predictions.get(i), 1, Integer::sum);
      if (labels.get(i).equals(predictions.get(i))) {
        correct++;
      }
    }
    double samples = predictions.size();
    double truePredicted = 0;
    for (Map.Entry<String, Integer> label : trueCounts.entrySet()) {
      truePredicted += (double) label.getValue() * predictedCounts.getOrDefault(label.getKey(), 0);
    }
    double covTruePredicted = correct * samples - truePredicted;
    double covPredicted = samples * samples - sumOfSquares(predictedCounts);
    double covTrue = samples * samples - sumOfSquares(trueCounts);
    if (covPredicted * covTrue == 0) {
      return 0.0;
    }
    return covTruePredicted / Math.sqrt(covTrue * covPredicted);
  }

  private static double sumOfSquares(Map<String, Integer> counts) {
    double sum = 0;
    for (int count : counts.values()) {
      sum += (double) count * count;
    }
    return sum;
  }
}
