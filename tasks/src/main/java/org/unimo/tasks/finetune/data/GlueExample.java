package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One example of a GLUE task: one or two texts and, in labelled files, a class or a score.
 *
 * @param id the row's {@code index} column where the file has one (GLUE's test files do, and the
 *     predictions submitted for them are keyed by it), else null
 * @param textA the first (or only) text, as written
 * @param textB the second text of a pair task (MNLI's hypothesis, STS-B's second sentence), else
 *     null
 * @param label the index of the gold label in {@link GlueTask#labels()}, or {@link #NO_LABEL} for
 *     a regression task or an unlabelled file
 * @param score the gold score of a regression task (STS-B: 0 to 5), else {@code NaN}
 * @param where {@code file:line}, for messages about this example
 */
public record GlueExample(@Nullable String id, String textA, @Nullable String textB, int label, float score, String where) {
  /** {@link #label()} of an example without a class. */
  public static final int NO_LABEL = -1;

  public GlueExample {
    requireNonNull(textA, "textA");
    requireNonNull(where, "where");
    if (label < NO_LABEL) {
      throw new IllegalArgumentException(where + ": label " + label + " is negative");
    }
  }

  /** Whether the example has a class, {@link #label()} (not {@link #NO_LABEL}). */
  public boolean hasLabel() {
    return label != NO_LABEL;
  }

  /** Whether the example has a score, {@link #score()} (not NaN). */
  public boolean hasScore() {
    return !Float.isNaN(score);
  }
}
