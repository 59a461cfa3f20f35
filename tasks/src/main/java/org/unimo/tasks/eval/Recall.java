package org.unimo.tasks.eval;

import org.unimo.graph.Outputs;

/**
 * Recall@1 in both directions from a square similarity matrix whose diagonal holds the true pairs.
 *
 * @param textToImage share of texts whose best-scoring image is their own
 * @param imageToText share of images whose best-scoring text is their own
 * @param candidates how many candidates each query ranks (chance is 1 / candidates)
 */
public record Recall(double textToImage, double imageToText, int candidates) {
  /** {@code scores[t][i]}: similarity of text t and image i; text i describes image i. */
  public static Recall atOne(float[][] scores) {
    int n = scores.length;
    int textHits = 0;
    int imageHits = 0;
    for (int t = 0; t < n; t++) {
      if (scores[t].length != n) {
        throw new IllegalArgumentException("scores must be square, row " + t + " has " + scores[t].length);
      }
      if (Outputs.argmax(scores[t]) == t) {
        textHits++;
      }
    }
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int t = 1; t < n; t++) {
        if (scores[t][i] > scores[best][i]) {
          best = t;
        }
      }
      if (best == i) {
        imageHits++;
      }
    }
    return new Recall((double) textHits / n, (double) imageHits / n, n);
  }

  public double chance() {
    return 1.0 / candidates;
  }

  @Override
  public String toString() {
    return String.format(
        "R@1 text->image %.1f%%, image->text %.1f%% (chance %.1f%%, %d candidates)",
        100 * textToImage, 100 * imageToText, 100 * chance(), candidates);
  }
}
