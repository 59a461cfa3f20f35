package org.unimo.dsl;

import java.util.List;

/**
 * A labelled downstream task's files, for fine-tuning a head that names it in its {@code labels}.
 *
 * @param name the label set's name
 * @param format how the files are laid out
 * @param train training files (paths or globs); for {@link Format#SPAM_ASSASSIN} the installed directory
 * @param validation validation files, scored during fine-tuning (VQA v2: questions, then annotations)
 * @param features bottom-up TSV files of the images' region features, for a task with images
 * @param minAnswerCount VQA v2: the answer vocabulary keeps the answers that are the
 *     multiple-choice answer of at least this many training questions
 */
public record TaskDataSpec(
    String name, Format format, List<String> train, List<String> validation, List<String> features, int minAnswerCount) {
  public TaskDataSpec {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    features = List.copyOf(features);
  }

  /** A text task's files (no images). */
  public TaskDataSpec(String name, Format format, List<String> train, List<String> validation) {
    this(name, format, train, validation, List.of(), 1);
  }

  /** The formats a task's files come in. */
  public enum Format {
    GLUE_SST2,
    GLUE_COLA,
    GLUE_MNLI,
    SPAM_ASSASSIN,
    GLUE_STSB,
    /** VQA v2 questions and annotations JSON, with region features. */
    VQA_V2,
    /** SNLI-VE JSON lines, with region features. */
    SNLI_VE,
    /** A Karpathy split file of captioned images, with region features. */
    KARPATHY,
    /** SQuAD 1.1 JSON, for question generation from the answer and its paragraph. */
    SQUAD_QG,
    /** CoQA JSON: the free-form answer from the story and the conversation so far. */
    COQA,
    /** Source and target line files (CNN/DailyMail, Gigaword): each x.src beside its x.tgt. */
    SOURCE_TARGET;

    /** Whether the task's examples carry a score rather than a class. */
    public boolean regression() {
      return this == GLUE_STSB;
    }

    /** Whether the task's examples are source texts with a target text to generate. */
    public boolean sourceTarget() {
      return this == SQUAD_QG || this == COQA || this == SOURCE_TARGET;
    }

    /** Whether the task's examples include an image, whose region features {@code features} holds. */
    public boolean images() {
      return this == VQA_V2 || this == SNLI_VE || this == KARPATHY;
    }
  }
}
