package org.unimo.graph.objective;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.Rows;
import org.unimo.graph.TextBatch;

/**
 * Labelled examples for a head: row i is text i (with image i, for a task with images) and its
 * class {@code labels[i]}, its score {@code scores[i]} (a regression task) or its soft targets
 * (VQA: one score per answer). A label set has one kind of label; the unused arrays hold zeros, or
 * nothing for {@code targets}.
 *
 * @param images the examples' images, or null for a text task
 * @param targets row-major [size, classes] soft targets, or empty for a task without them
 */
public record LabeledExamples(
    TextBatch texts, int[] labels, float[] scores, @Nullable ImageBatch images, float[] targets) {
  public LabeledExamples {
    requireNonNull(texts, "texts");
    requireNonNull(targets, "targets");
    int size = texts.size();
    if (labels.length != size || scores.length != size) {
      throw new IllegalArgumentException(labels.length + " labels and " + scores.length + " scores for " + size + " texts");
    }
    if (images != null && images.size() != size) {
      throw new IllegalArgumentException(images.size() + " images for " + size + " texts");
    }
    if (size > 0 && targets.length % size != 0) {
      throw new IllegalArgumentException(targets.length + " targets do not divide into " + size + " rows");
    }
  }

  /** Texts with class labels or scores. */
  public LabeledExamples(TextBatch texts, int[] labels, float[] scores) {
    this(texts, labels, scores, null, new float[0]);
  }

  /** Texts with class labels. */
  public LabeledExamples(TextBatch texts, int[] labels) {
    this(texts, labels, new float[labels.length]);
  }

  /** The examples' images. */
  public ImageBatch requireImages() {
    if (images == null) {
      throw new IllegalStateException("these labelled examples have no images");
    }
    return images;
  }

  /** Soft targets per row: the number of classes, or 0 without them. */
  public int targetsPerRow() {
    return texts.size() == 0 ? 0 : targets.length / texts.size();
  }

  /** Examples {@code from} to {@code from + count - 1}: a micro-batch's share. */
  public LabeledExamples rows(int from, int count) {
    return new LabeledExamples(
        texts.rows(from, count),
        Arrays.copyOfRange(labels, from, from + count),
        Arrays.copyOfRange(scores, from, from + count),
        images == null ? null : images.rows(from, count),
        targets.length == 0 ? targets : Rows.copy(targets, from, count, targetsPerRow()));
  }
}
