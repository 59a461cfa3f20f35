package org.unimo.dsl;

import java.util.List;

/**
 * A labelled downstream task's files, for fine-tuning a head that names it in its {@code labels}.
 *
 * @param name the label set's name
 * @param format how the files are laid out
 * @param train training files (paths or globs); for {@link Format#SPAM_ASSASSIN} the installed directory
 * @param validation validation files, scored during fine-tuning
 */
public record TaskDataSpec(String name, Format format, List<String> train, List<String> validation) {
  public TaskDataSpec {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  /** The formats a task's files come in. */
  public enum Format {
    GLUE_SST2,
    GLUE_COLA,
    GLUE_MNLI,
    SPAM_ASSASSIN,
    GLUE_STSB;

    /** Whether the task's examples carry a score rather than a class. */
    public boolean regression() {
      return this == GLUE_STSB;
    }
  }
}
