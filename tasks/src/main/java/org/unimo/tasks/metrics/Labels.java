package org.unimo.tasks.metrics;

/** Checks shared by the metrics over paired predictions and labels. */
final class Labels {
  private Labels() {}

  static void checkPaired(int predictions, int labels) {
    if (predictions != labels) {
      throw new IllegalArgumentException(predictions + " predictions for " + labels + " labels");
    }
    if (predictions == 0) {
      throw new IllegalArgumentException("no predictions to score");
    }
  }
}
