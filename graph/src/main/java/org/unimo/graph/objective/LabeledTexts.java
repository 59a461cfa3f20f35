package org.unimo.graph.objective;

import static java.util.Objects.requireNonNull;

import org.unimo.graph.TextBatch;

/** Texts with one class label each, for a classification head: row i of {@code texts} has {@code labels[i]}. */
public record LabeledTexts(TextBatch texts, int[] labels) {
  public LabeledTexts {
    requireNonNull(texts, "texts");
    if (labels.length != texts.size()) {
      throw new IllegalArgumentException(labels.length + " labels for " + texts.size() + " texts");
    }
  }

  /** Texts {@code from} to {@code from + count - 1} and their labels. */
  public LabeledTexts rows(int from, int count) {
    return new LabeledTexts(texts.rows(from, count), java.util.Arrays.copyOfRange(labels, from, from + count));
  }
}
