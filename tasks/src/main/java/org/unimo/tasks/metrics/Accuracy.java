package org.unimo.tasks.metrics;

import java.util.List;

/** The share of predictions equal to their label (labels compared as strings: "1" is not "1.0"). */
public final class Accuracy {
  private Accuracy() {}

  public static double score(List<String> predictions, List<String> labels) {
    Labels.checkPaired(predictions.size(), labels.size());
    int correct = 0;
    for (int i = 0; i < predictions.size(); i++) {
      if (predictions.get(i).equals(labels.get(i))) {
        correct++;
      }
    }
    return (double) correct / predictions.size();
  }
}
