package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One SNLI-VE example: does the image entail the hypothesis?
 *
 * @param imageId the Flickr30k image number, the file name without its extension ({@code
 *     2248275918.jpg} gives {@code 2248275918}), as Flickr30k's region features are keyed
 * @param hypothesis SNLI's {@code sentence2}, stripped, never blank
 * @param label the index of {@code gold_label} in {@link SnliVe#LABELS}
 * @param pairId SNLI's {@code pairID} when the line has one, else null
 * @param where {@code file:line}, for messages about this example
 */
public record SnliVeExample(String imageId, String hypothesis, int label, @Nullable String pairId, String where) {
  public SnliVeExample {
    requireNonNull(imageId, "imageId");
    requireNonNull(hypothesis, "hypothesis");
    requireNonNull(where, "where");
    if (label < 0 || label >= SnliVe.LABELS.size()) {
      throw new IllegalArgumentException(where + ": label " + label + " is not in 0.." + (SnliVe.LABELS.size() - 1));
    }
  }

  /** The label's name: {@code entailment}, {@code neutral} or {@code contradiction}. */
  public String labelName() {
    return SnliVe.LABELS.get(label);
  }
}
