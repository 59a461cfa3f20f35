package org.unimo.graph.objective;

import static java.util.Objects.requireNonNull;

import org.unimo.graph.TextBatch;

/**
 * Texts with one class label or one score each, for a classification or a regression head: row i
 * of {@code texts} has {@code labels[i]} and {@code scores[i]} (a label set has one or the other;
 * the unused array holds zeros).
 */
public record LabeledTexts(TextBatch texts, int[] labels, float[] scores) {
  public LabeledTexts {
    requireNonNull(texts, "texts");
    if (labels.length != texts.size() || scores.length != texts.size()) {
      throw new IllegalArgumentException(labels.length + " labels and " + scores.length + " scores for " + texts.size() + " texts");
    }
  }

  /** Texts with class labels. */
  public LabeledTexts(TextBatch texts, int[] labels) {
    this(texts, labels, new float[labels.length]);
  }

  /** Texts {@code from} to {@code from + count - 1} and their labels. */
  public LabeledTexts rows(int from, int count) {
    return new LabeledTexts(
        texts.rows(from, count),
        java.util.Arrays.copyOfRange(labels, from, from + count),
        java.util.Arrays.copyOfRange(scores, from, from + count));
  }
}
