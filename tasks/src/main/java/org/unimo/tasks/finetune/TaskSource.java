package org.unimo.tasks.finetune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.finetune.data.GlueExample;
import org.unimo.tasks.finetune.data.GlueTask;
import org.unimo.tasks.finetune.data.GlueTsv;
import org.unimo.tasks.finetune.data.KarpathyImage;
import org.unimo.tasks.finetune.data.KarpathySplit;
import org.unimo.tasks.finetune.data.SnliVe;
import org.unimo.tasks.finetune.data.SnliVeExample;
import org.unimo.tasks.finetune.data.VqaAnswerVocabulary;
import org.unimo.tasks.finetune.data.VqaExample;
import org.unimo.tasks.finetune.data.VqaV2;
import org.unimo.tasks.finetune.data.Coqa;
import org.unimo.tasks.finetune.data.CoqaTurn;
import org.unimo.tasks.finetune.data.LineFiles;
import org.unimo.tasks.finetune.data.SourceTarget;
import org.unimo.tasks.finetune.data.SpamAssassin;
import org.unimo.tasks.finetune.data.SquadQuestion;
import org.unimo.tasks.finetune.data.SquadV1;
import org.unimo.tasks.finetune.data.TextExample;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.RegionFeatureIndex;
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
public final class TaskSource implements DataSource, java.io.Closeable {
  /**
   * One labelled text, or text pair ({@code second} non-null: MNLI's premise and hypothesis), with
   * a class or (a regression task: STS-B) a score; for a task with images, with the image it is
   * about.
   *
   * @param label the class (for VQA the top answer's index in the vocabulary, -1 when outside it;
   *     for a Karpathy split the image's index among the split's images), 0 in a regression task
   * @param score the score in a regression task, else 0
   * @param where {@code file:line}, for messages
   * @param image the image's id in the region features, or null for a text task
   * @param answers VQA: the annotators' answers (normalized as the reader does), else empty
   * @param answerType VQA: {@code yes/no}, {@code number} or {@code other}, when annotated
   * @param questionType VQA: the question's first words ({@code what color is the}), when annotated
   * @param target a generation task's target text (SQuAD's question, CoQA's answer, a summary), else
   *     null; CoQA's additional answers are in {@code answers}
   */
  public record Example(
      String text,
      @Nullable String second,
      int label,
      float score,
      String where,
      @Nullable String image,
      List<String> answers,
      @Nullable String answerType,
      @Nullable String questionType,
      @Nullable String target) {
    public Example {
      answers = List.copyOf(answers);
    }

    /** An example without a target text. */
    public Example(
        String text,
        @Nullable String second,
        int label,
        float score,
        String where,
        @Nullable String image,
        List<String> answers,
        @Nullable String answerType,
        @Nullable String questionType) {
      this(text, second, label, score, where, image, answers, answerType, questionType, null);
    }

    /** A text example. */
    public Example(String text, @Nullable String second, int label, float score, String where) {
      this(text, second, label, score, where, null, List.of(), null, null);
    }

    /** A generation example: a source (a pair when {@code second} is non-null) and its target, with further references. */
    public static Example generation(String text, @Nullable String second, String target, List<String> moreReferences, String where) {
      return new Example(text, second, 0, 0f, where, null, moreReferences, null, null, target);
    }

    /** A generation example's references: its target, then any further ones (CoQA's additional answers). */
    public List<String> references() {
      if (target == null) {
        throw new IllegalStateException(where + ": not a generation example");
      }
      List<String> references = new ArrayList<>();
      references.add(target);
      references.addAll(answers);
      return references;
    }
  }

  private final TaskDataSpec spec;
  private final List<String> labelNames;
  private final List<Example> train;
  private final List<Example> validation;
  private final List<Example> test;
  private final Path fingerprint;
  /** Where the region features of every image an example names are; null for a text task. */
  private final @Nullable RegionFeatureIndex images;
  /** VQA: the answer vocabulary, whose answers are the label names; null for another task. */
  private final @Nullable VqaAnswerVocabulary answers;
  /** VQA: the soft targets of each training question in the vocabulary. */
  private final List<List<VqaAnswerVocabulary.Target>> trainTargets;

  private TaskSource(
      TaskDataSpec spec, List<String> labelNames, List<Example> train, List<Example> validation, List<Example> test, Path fingerprint) {
    this(spec, labelNames, train, validation, test, fingerprint, null, null, List.of());
  }

  private TaskSource(
      TaskDataSpec spec,
      List<String> labelNames,
      List<Example> train,
      List<Example> validation,
      List<Example> test,
      Path fingerprint,
      @Nullable RegionFeatureIndex images,
      @Nullable VqaAnswerVocabulary answers,
      List<List<VqaAnswerVocabulary.Target>> trainTargets) {
    this.spec = spec;
    this.labelNames = List.copyOf(labelNames);
    this.train = List.copyOf(train);
    this.validation = List.copyOf(validation);
    this.test = List.copyOf(test);
    this.fingerprint = fingerprint;
    this.images = images;
    this.answers = answers;
    this.trainTargets = List.copyOf(trainTargets);
  }

  /**
   * Reads the task's files: GLUE TSV (every training and validation file or glob), or the Spam
   * Assassin directory split by {@code seed} into training, validation and test sets.
   *
   * @throws IOException naming the file (and line) that is missing or malformed
   */
  public static TaskSource read(TaskDataSpec spec, long seed) throws IOException {
    switch (spec.format()) {
      case VQA_V2 -> {
        return vqa(spec);
      }
      case SNLI_VE -> {
        return snliVe(spec);
      }
      case KARPATHY -> {
        return karpathy(spec);
      }
      case SQUAD_QG, COQA, SOURCE_TARGET -> {
        return generation(spec);
      }
      default -> {}
    }
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
    List<Path> trainFiles = Globs.expandAll(spec.train());
    List<Example> train = glue(trainFiles, task);
    List<Example> validation = glue(Globs.expandAll(spec.validation()), task);
    return new TaskSource(spec, task.labels(), train, validation, List.of(), trainFiles.get(0));
  }

  /** The GLUE preset of a format. */
  static GlueTask glue(TaskDataSpec.Format format) {
    return switch (format) {
      case GLUE_SST2 -> GlueTask.SST2;
      case GLUE_COLA -> GlueTask.COLA;
      case GLUE_MNLI -> GlueTask.MNLI;
      case GLUE_STSB -> GlueTask.STSB;
      default -> throw new IllegalArgumentException(format + " is not a GLUE format");
    };
  }

  /**
   * VQA v2: questions and annotations for training and validation; the answer vocabulary is the
   * training set's ({@code data.task.min_answer_count}), each question's label its most frequent
   * answer's index (-1 outside the vocabulary), its targets the soft scores.
   */
  private static TaskSource vqa(TaskDataSpec spec) throws IOException {
    List<VqaExample> train = vqaExamples(spec.train(), "data.task.train");
    List<VqaExample> validation = spec.validation().isEmpty() ? List.of() : vqaExamples(spec.validation(), "data.task.validation");
    VqaAnswerVocabulary vocabulary = VqaAnswerVocabulary.build(train, spec.minAnswerCount(), Integer.MAX_VALUE);
    List<List<VqaAnswerVocabulary.Target>> targets = new ArrayList<>();
    for (VqaExample e : train) {
      targets.add(vocabulary.targets(e));
    }
    List<Example> trainExamples = train.stream().map(e -> vqaExample(e, vocabulary)).toList();
    List<Example> validationExamples = validation.stream().map(e -> vqaExample(e, vocabulary)).toList();
    return withImages(
        spec, vocabulary.answers(), trainExamples, validationExamples, List.of(), Path.of(spec.train().get(1)), vocabulary, targets);
  }

  private static List<VqaExample> vqaExamples(List<String> files, String field) throws IOException {
    List<Path> paths = Globs.expandAll(files);
    if (paths.size() != 2) {
      throw new IllegalArgumentException(field + ": VQA_V2 takes two files, the questions JSON and then the annotations JSON; " + paths.size() + " matched");
    }
    List<VqaExample> examples = VqaV2.read(paths.get(0), paths.get(1), BadRows.fail());
    for (VqaExample e : examples) {
      if (!e.annotated()) {
        throw new IllegalArgumentException(e.where() + ": question " + e.questionId() + " has no annotation in " + paths.get(1));
      }
    }
    return examples;
  }

  private static Example vqaExample(VqaExample e, VqaAnswerVocabulary vocabulary) {
    String top = e.multipleChoiceAnswer();
    return new Example(
        e.question(), null, top == null ? -1 : vocabulary.indexOf(top), 0f, e.where(), e.imageId(), e.answers(), e.answerType(), e.questionType());
  }

  /** SNLI-VE: the hypothesis about the image, and its class. */
  private static TaskSource snliVe(TaskDataSpec spec) throws IOException {
    List<Example> train = snliVeExamples(spec.train());
    List<Example> validation = spec.validation().isEmpty() ? List.of() : snliVeExamples(spec.validation());
    return withImages(spec, SnliVe.LABELS, train, validation, List.of(), Globs.expandAll(spec.train()).get(0), null, List.of());
  }

  private static List<Example> snliVeExamples(List<String> files) throws IOException {
    List<Example> examples = new ArrayList<>();
    for (Path file : Globs.expandAll(files)) {
      for (SnliVeExample e : SnliVe.read(file, BadRows.fail())) {
        examples.add(new Example(e.hypothesis(), null, e.label(), 0f, e.where(), e.imageId(), List.of(), null, null));
      }
    }
    return examples;
  }

  /**
   * A text generation task: SQuAD question generation (the source is the answer, then its
   * paragraph; the target the question), CoQA (the source is the question with the two turns
   * before it, then the story; the target the free-form answer, with the additional answers as
   * further references) or source and target line files.
   */
  private static TaskSource generation(TaskDataSpec spec) throws IOException {
    List<Path> trainFiles = Globs.expandAll(spec.train());
    List<Example> train = generationExamples(spec.format(), trainFiles);
    List<Example> validation = spec.validation().isEmpty() ? List.of() : generationExamples(spec.format(), Globs.expandAll(spec.validation()));
    return new TaskSource(spec, List.of(), train, validation, List.of(), trainFiles.get(0));
  }

  /** CoQA: the turns before a question that its source keeps. */
  static final int COQA_HISTORY_TURNS = 2;

  private static List<Example> generationExamples(TaskDataSpec.Format format, List<Path> files) throws IOException {
    List<Example> examples = new ArrayList<>();
    for (Path file : files) {
      switch (format) {
        case SQUAD_QG -> {
          for (SquadQuestion q : SquadV1.read(file, BadRows.fail())) {
            examples.add(Example.generation(q.answer(), q.context(), q.question(), List.of(), q.where()));
          }
        }
        case COQA -> {
          for (CoqaTurn turn : Coqa.read(file, BadRows.fail())) {
            examples.add(Example.generation(coqaQuestion(turn), turn.story(), turn.answer(), turn.additionalAnswers(), turn.where()));
          }
        }
        case SOURCE_TARGET -> {
          for (SourceTarget pair : LineFiles.read(file, LineFiles.targetOf(file), BadRows.fail())) {
            examples.add(Example.generation(pair.source(), null, pair.target(), List.of(), pair.where()));
          }
        }
        default -> throw new IllegalArgumentException(format + " is not a text generation format");
      }
    }
    return examples;
  }

  /** A CoQA turn's question after the {@value #COQA_HISTORY_TURNS} turns before it: {@code q a q a q}. */
  static String coqaQuestion(CoqaTurn turn) {
    List<CoqaTurn.QA> history = turn.history();
    StringBuilder text = new StringBuilder();
    for (CoqaTurn.QA qa : history.subList(Math.max(0, history.size() - COQA_HISTORY_TURNS), history.size())) {
      text.append(qa.question()).append(' ').append(qa.answer()).append(' ');
    }
    return text.append(turn.question()).toString();
  }

  /**
   * A Karpathy split: one example per caption of each image, labelled with the image's index
   * among its split's images (the retrieval head contrasts captions of different images only).
   */
  private static TaskSource karpathy(TaskDataSpec spec) throws IOException {
    Path file = Globs.expandAll(spec.train()).get(0);
    List<KarpathyImage> all = KarpathySplit.read(file, BadRows.fail());
    List<Example> train = captions(all, Set.of("train", "restval"));
    List<Example> validation = captions(all, Set.of("val"));
    List<Example> test = captions(all, Set.of("test"));
    if (train.isEmpty()) {
      throw DataFileException.inFile(file, "has no image in the \"train\" or \"restval\" split");
    }
    return withImages(spec, List.of(), train, validation, test, file, null, List.of());
  }

  private static List<Example> captions(List<KarpathyImage> images, Set<String> splits) {
    List<Example> examples = new ArrayList<>();
    int index = 0;
    for (KarpathyImage image : images) {
      if (!splits.contains(image.split())) {
        continue;
      }
      for (String caption : image.captions()) {
        examples.add(new Example(caption, null, index, 0f, image.where(), image.imageId(), List.of(), null, null));
      }
      index++;
    }
    return examples;
  }

  /**
   * A task with images: indexes where the region features of every image its examples name are
   * (read by offset when a batch asks for them, not held in memory; {@link RegionFeatureIndex}).
   */
  private static TaskSource withImages(
      TaskDataSpec spec,
      List<String> labelNames,
      List<Example> train,
      List<Example> validation,
      List<Example> test,
      Path fingerprint,
      @Nullable VqaAnswerVocabulary answers,
      List<List<VqaAnswerVocabulary.Target>> targets)
      throws IOException {
    Set<String> wanted = new HashSet<>();
    for (List<Example> examples : List.of(train, validation, test)) {
      for (Example e : examples) {
        wanted.add(e.image());
      }
    }
    RegionFeatureIndex images = RegionFeatureIndex.open(Globs.expandAll(spec.features()), wanted, BadRows.fail());
    try {
      for (List<Example> examples : List.of(train, validation, test)) {
        for (Example e : examples) {
          if (!images.contains(e.image())) {
            throw new java.nio.file.NoSuchFileException(
                e.where(), null, "image " + e.image() + " has no region features in data.task.features (" + String.join(", ", spec.features()) + ")");
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      images.close();
      throw e;
    }
    return new TaskSource(spec, labelNames, train, validation, test, fingerprint, images, answers, targets);
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

  /** The task's format. */
  public TaskDataSpec.Format format() {
    return spec.format();
  }

  /** The region features of image {@code id}, which an example of a task with images names. */
  public ImageRegions image(String id) {
    if (images == null || !images.contains(id)) {
      throw new IllegalArgumentException("task " + spec.name() + " has no image " + id);
    }
    try {
      return images.read(id);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Closes the region-feature files of a task with images. */
  @Override
  public void close() throws IOException {
    if (images != null) {
      images.close();
    }
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
        "task %s (%s): %d training and %d validation examples, %d %s%s",
        spec.name(),
        spec.format().name().toLowerCase(java.util.Locale.ROOT),
        train.size(),
        validation.size(),
        labelNames.size(),
        spec.format() == TaskDataSpec.Format.VQA_V2 ? "answers" : "classes",
        images == null ? "" : ", " + images.size() + " images");
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

          @Override
          public boolean images() {
            return images != null;
          }

          @Override
          public ImageRegions image(int index) {
            return TaskSource.this.image(train.get(index).image());
          }

          @Override
          public boolean softTargets() {
            return answers != null;
          }

          @Override
          public boolean sourceTarget() {
            return spec.format().sourceTarget();
          }

          @Override
          public @Nullable String target(int index) {
            return train.get(index).target();
          }

          @Override
          public float[] targets(int index) {
            if (answers == null) {
              throw new UnsupportedOperationException("task " + spec.name() + " has one class per example");
            }
            return answers.dense(trainTargets.get(index));
          }
        });
  }

  @Override
  public List<String> labelSets() {
    return List.of(spec.name());
  }

  /** The training examples' texts (and second texts), for a tokenizer trained from scratch. */
  @Override
  public List<String> tokenizerCorpus(int limit) {
    List<String> corpus = new ArrayList<>();
    for (Example e : train) {
      if (corpus.size() >= limit) {
        break;
      }
      String text = e.second() == null ? e.text() : e.text() + "\n" + e.second();
      corpus.add(e.target() == null ? text : text + "\n" + e.target());
    }
    return corpus;
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
    return images == null ? 0 : images.featureSize();
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
