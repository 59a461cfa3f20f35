package org.unimo.tasks.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.graph.PairBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.finetune.data.GlueExample;
import org.unimo.tasks.finetune.data.GlueTask;
import org.unimo.tasks.finetune.data.GlueTsv;
import org.unimo.tasks.finetune.data.SpamAssassin;
import org.unimo.tasks.finetune.data.TextExample;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.Globs;

/**
 * A labelled downstream task as a data source: its training examples are the label set named
 * after the task ({@code data.task.name}), which a head trains on; its validation examples are
 * scored during fine-tuning. It has no corpus, pairs or images: a fine-tuning spec declares heads
 * only.
 *
 * <pre>{@code
 * TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
 * List<TaskSource.Example> validation = task.validation();
 * }</pre>
 */
public final class TaskSource implements DataSource {
  /**
   * One labelled text, or text pair ({@code second} non-null: MNLI's premise and hypothesis), with
   * a class or (a regression task: STS-B) a score.
   *
   * @param label the class, 0 in a regression task
   * @param score the score in a regression task, else 0
   * @param where {@code file:line}, for messages
   */
  public record Example(String text, @Nullable String second, int label, float score, String where) {}

  private final TaskDataSpec spec;
  private final List<String> labelNames;
  private final List<Example> train;
  private final List<Example> validation;
  private final List<Example> test;
  private final Path fingerprint;

  private TaskSource(
      TaskDataSpec spec, List<String> labelNames, List<Example> train, List<Example> validation, List<Example> test, Path fingerprint) {
    this.spec = spec;
    this.labelNames = List.copyOf(labelNames);
    this.train = List.copyOf(train);
    this.validation = List.copyOf(validation);
    this.test = List.copyOf(test);
    this.fingerprint = fingerprint;
  }

  /**
   * Reads the task's files: GLUE TSV (every training and validation file or glob), or the Spam
   * Assassin directory split by {@code seed} into training, validation and test sets.
   *
   * @throws IOException naming the file (and line) that is missing or malformed
   */
  public static TaskSource read(TaskDataSpec spec, long seed) throws IOException {
    if (spec.format() == TaskDataSpec.Format.SPAM_ASSASSIN) {
      Path dir = Path.of(spec.train().get(0));
      if (!SpamAssassin.installed(dir)) {
        throw new java.nio.file.NoSuchFileException(
            dir.toString(), null, "no Spam Assassin corpus installed here (./unimo setup installs it into " + SpamAssassin.INSTALL_DIR + ")");
      }
      SpamAssassin.Split split = SpamAssassin.split(SpamAssassin.read(dir, BadRows.fail()), seed);
      return new TaskSource(
          spec, SpamAssassin.LABELS, texts(split.train()), texts(split.validation()), texts(split.test()), dir.resolve("package.json"));
    }
    GlueTask task = glue(spec.format());
    List<Path> trainFiles = files(spec.train(), "data.task.train");
    List<Example> train = glue(trainFiles, task);
    List<Example> validation = glue(files(spec.validation(), "data.task.validation"), task);
    return new TaskSource(spec, task.labels(), train, validation, List.of(), trainFiles.get(0));
  }

  /** The GLUE preset of a format. */
  static GlueTask glue(TaskDataSpec.Format format) {
    return switch (format) {
      case GLUE_SST2 -> GlueTask.SST2;
      case GLUE_COLA -> GlueTask.COLA;
      case GLUE_MNLI -> GlueTask.MNLI;
      case GLUE_STSB -> GlueTask.STSB;
      case SPAM_ASSASSIN -> throw new IllegalArgumentException("SPAM_ASSASSIN is not a GLUE format");
    };
  }

  private static List<Path> files(List<String> patterns, String field) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String pattern : patterns) {
      List<Path> matched = Globs.expand(pattern);
      if (matched.isEmpty()) {
        throw new java.nio.file.NoSuchFileException(pattern, null, field + ": no such file");
      }
      files.addAll(matched);
    }
    return files;
  }

  private static List<Example> glue(List<Path> files, GlueTask task) throws IOException {
    List<Example> examples = new ArrayList<>();
    for (Path file : files) {
      for (GlueExample e : GlueTsv.read(file, task, BadRows.fail())) {
        examples.add(
            new Example(e.textA(), e.textB(), e.hasLabel() ? e.label() : 0, e.hasScore() ? e.score() : 0f, e.where()));
      }
    }
    return examples;
  }

  private static List<Example> texts(List<TextExample> examples) {
    return examples.stream().map(e -> new Example(e.text(), null, e.label(), 0f, e.where())).toList();
  }

  /** The task's name, also its label set's. */
  public String name() {
    return spec.name();
  }

  /** The classes' names, in label order; none for a regression task. */
  public List<String> labelNames() {
    return labelNames;
  }

  /** Whether the examples carry scores (STS-B) rather than classes. */
  public boolean regression() {
    return spec.format().regression();
  }

  public List<Example> train() {
    return train;
  }

  /** The validation examples, scored during fine-tuning (empty when the spec names none). */
  public List<Example> validation() {
    return validation;
  }

  /** The held-out test examples: the Spam Assassin split's; empty for GLUE, whose test labels are not public. */
  public List<Example> test() {
    return test;
  }

  /** The file whose SHA-256 the run's manifest records (the first training file; Spam Assassin: its package.json). */
  public Path fingerprintFile() {
    return fingerprint;
  }

  @Override
  public String describe() {
    return String.format(
        java.util.Locale.ROOT,
        "task %s (%s): %d training and %d validation examples, %d classes",
        spec.name(),
        spec.format().name().toLowerCase(java.util.Locale.ROOT),
        train.size(),
        validation.size(),
        labelNames.size());
  }

  @Override
  public Optional<LabelSet> labels(String name) {
    if (!name.equals(spec.name())) {
      return Optional.empty();
    }
    return Optional.of(
        new LabelSet() {
          @Override
          public int size() {
            return train.size();
          }

          @Override
          public String text(int index) {
            return train.get(index).text();
          }

          @Override
          public @Nullable String second(int index) {
            return train.get(index).second();
          }

          @Override
          public int label(int index) {
            return train.get(index).label();
          }

          @Override
          public float score(int index) {
            return train.get(index).score();
          }

          @Override
          public int classes() {
            return labelNames.size();
          }
        });
  }

  @Override
  public List<String> labelSets() {
    return List.of(spec.name());
  }

  @Override
  public int texts() {
    return 0;
  }

  @Override
  public String text(int index) {
    throw new IndexOutOfBoundsException("task " + spec.name() + " has no text corpus");
  }

  @Override
  public int pairs() {
    return 0;
  }

  @Override
  public PairExample pair(int index) {
    throw new IndexOutOfBoundsException("task " + spec.name() + " has no image-text pairs");
  }

  @Override
  public int images() {
    return 0;
  }

  @Override
  public ImageExample image(int index) {
    throw new IndexOutOfBoundsException("task " + spec.name() + " has no images");
  }

  @Override
  public int featureSize() {
    return 0;
  }

  @Override
  public int detectorClasses() {
    return 0;
  }

  @Override
  public PairBatch.SampleSetSource sampleSets(
      DataRequirement.SampleSets requirement, Tokenizer tokenizer, int textLength, long seed) {
    throw new IllegalArgumentException("task " + spec.name() + " has no image-text pairs to draw CMCL sample sets for");
  }
}
