package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

/**
 * One labelled text of a text classification task.
 *
 * @param id the example's id in its corpus ({@code easy-ham-1/00001} for Spam Assassin)
 * @param text the text the classifier reads
 * @param label the index of the class in the task's label list ({@link SpamAssassin#LABELS})
 * @param where the file it came from, for messages about this example
 */
public record TextExample(String id, String text, int label, String where) {
  public TextExample {
    requireNonNull(id, "id");
    requireNonNull(text, "text");
    requireNonNull(where, "where");
    if (label < 0) {
      throw new IllegalArgumentException(where + ": label " + label + " is negative");
    }
  }
}
