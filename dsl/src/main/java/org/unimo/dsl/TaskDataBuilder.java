package org.unimo.dsl;

import org.unimo.dsl.proto.TaskData;

/**
 * Declares a labelled task's files.
 *
 * <pre>{@code
 * .taskData(d -> d.name("sst2").format(TaskDataSpec.Format.GLUE_SST2)
 *     .train("glue/SST-2/train.tsv").validation("glue/SST-2/dev.tsv"))
 * }</pre>
 */
@SpecDsl
public final class TaskDataBuilder {
  private final TaskData.Builder proto;

  TaskDataBuilder(TaskData.Builder proto) {
    this.proto = proto;
  }

  /** The label set's name, which a head names in its {@code labels}. */
  public TaskDataBuilder name(String name) {
    proto.setName(name);
    return this;
  }

  public TaskDataBuilder format(TaskDataSpec.Format format) {
    proto.setFormat(TaskData.Format.valueOf(format.name()));
    return this;
  }

  /** A training file or glob (repeatable); for the Spam Assassin corpus its installed directory. */
  public TaskDataBuilder train(String pathOrGlob) {
    proto.addTrain(pathOrGlob);
    return this;
  }

  /**
   * A validation file or glob (repeatable), scored during fine-tuning. For VQA v2 a training or
   * validation set is two files: the questions JSON, then the annotations JSON.
   */
  public TaskDataBuilder validation(String pathOrGlob) {
    proto.addValidation(pathOrGlob);
    return this;
  }

  /** A bottom-up TSV file or glob of the task's region features (repeatable), for a task with images. */
  public TaskDataBuilder features(String pathOrGlob) {
    proto.addFeatures(pathOrGlob);
    return this;
  }

  /**
   * VQA v2: keep the answers that are the multiple-choice answer of at least {@code count} training
   * questions (default 1).
   */
  public TaskDataBuilder minAnswerCount(int count) {
    proto.setMinAnswerCount(count);
    return this;
  }
}
