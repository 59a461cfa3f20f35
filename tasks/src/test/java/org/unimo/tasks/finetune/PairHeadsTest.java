package org.unimo.tasks.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.dsl.XlaMode;
import org.unimo.graph.ImageRegions;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.formats.RegionFeatureTsv;
import org.unimo.tasks.training.StepMetrics;
import org.unimo.tasks.training.Trainer;
import org.unimo.tasks.training.TrainingRun;

/**
 * The heads on an image and a text end to end, on tiny VQA v2 and SNLI-VE files written by the
 * test: images of two regions whose first region's features name a color, questions "what color
 * is it" and hypotheses "it is COLOR". Each head is declared in the DSL, trained, scored by {@link
 * Validation}, exported and reloaded: the SavedModel's signature gives the live graph's outputs.
 */
class PairHeadsTest {
  private static final List<String> COLORS = List.of("red", "green", "blue", "gray");
  private static final int FEATURES = 8;

  /** Image {@code i}: its color is {@code i % 4}, one-hot in the first region's features. */
  private static Path features(Path file, int images) throws Exception {
    try (RegionFeatureTsv.Writer writer = RegionFeatureTsv.writer(file)) {
      for (int i = 0; i < images; i++) {
        float[][] regions = new float[2][FEATURES];
        regions[0][i % COLORS.size()] = 1f;
        regions[1][4 + (i / 4) % 4] = 1f;
        writer.write("img" + i, 10, 10, new float[][] {{0, 0, 5, 5}, {5, 5, 10, 10}}, regions, null);
      }
      writer.commit();
    }
    return file;
  }

  /** VQA v2 questions and annotations about images {@code from .. to - 1}: ten annotators, nine agree. */
  private static List<Path> vqa(Path dir, String split, int from, int to) throws Exception {
    JsonArray questions = new JsonArray();
    JsonArray annotations = new JsonArray();
    for (int i = from; i < to; i++) {
      JsonObject q = new JsonObject();
      q.addProperty("image_id", "img" + i);
      q.addProperty("question", "what color is it?");
      q.addProperty("question_id", i);
      questions.add(q);
      String color = COLORS.get(i % COLORS.size());
      JsonObject a = new JsonObject();
      a.addProperty("question_id", i);
      a.addProperty("image_id", "img" + i);
      a.addProperty("question_type", "what color is");
      a.addProperty("answer_type", "other");
      a.addProperty("multiple_choice_answer", color);
      JsonArray answers = new JsonArray();
      for (int k = 1; k <= 10; k++) {
        JsonObject answer = new JsonObject();
        answer.addProperty("answer", k == 10 ? "purple" : color);
        answer.addProperty("answer_confidence", "yes");
        answer.addProperty("answer_id", k);
        answers.add(answer);
      }
      a.add("answers", answers);
      annotations.add(a);
    }
    JsonObject q = new JsonObject();
    q.add("questions", questions);
    JsonObject a = new JsonObject();
    a.add("annotations", annotations);
    return List.of(
        Files.writeString(dir.resolve(split + "_questions.json"), q.toString()),
        Files.writeString(dir.resolve(split + "_annotations.json"), a.toString()));
  }

  /** SNLI-VE lines about images {@code from .. to - 1}: "it is C", entailment when C is the image's color. */
  private static Path snliVe(Path file, int from, int to, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      boolean entailed = random.nextBoolean();
      String color = COLORS.get(entailed ? i % 4 : (i + 1 + random.nextInt(3)) % 4);
      JsonObject line = new JsonObject();
      line.addProperty("Flikr30kID", "img" + i + ".jpg");
      line.addProperty("sentence2", "it is " + color + ".");
      line.addProperty("gold_label", entailed ? "entailment" : "contradiction");
      lines.add(line.toString());
    }
    return Files.write(file, lines);
  }

  private static ModelSpec.Builder base(String name) {
    return ModelSpec.builder(name)
        .text(t -> t.byteBpe(300).maxLength(16))
        .image(i -> i.maxRegions(2).featureSize(FEATURES))
        .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64).maxPositions(24).dropout(0f))
        .optimizer(o -> o.learningRate(3e-3f).warmupProportion(0.1f))
        .compile(c -> c.xla(XlaMode.OFF));
  }

  @Test
  void vqaLearnsTheColorScoresOfficiallyAndServesAnswers(@TempDir Path dir) throws Exception {
    Path features = features(dir.resolve("features.tsv"), 96);
    List<Path> train = vqa(dir, "train", 0, 80);
    List<Path> val = vqa(dir, "val", 80, 96);
    ModelSpec spec =
        base("vqa")
            .visualQuestionAnswering("vqa", h -> h.answers(4).labels("vqa").dropout(0f))
            .training(t -> t.batchSize(16).steps(200))
            .taskData(d -> d.name("vqa").format(TaskDataSpec.Format.VQA_V2)
                .train(train.get(0).toString()).train(train.get(1).toString())
                .validation(val.get(0).toString()).validation(val.get(1).toString())
                .features(features.toString()))
            .build();
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    assertThat(task.labelNames()).containsExactlyInAnyOrderElementsOf(COLORS);
    var set = task.labels("vqa").orElseThrow();
    assertThat(set.softTargets()).isTrue();
    // Nine annotators of ten gave the color: min(1, 9 / 3) = 1; "purple" is outside the vocabulary.
    assertThat(set.targets(0)).containsExactly(target(task, COLORS.get(0)));
    List<StepMetrics> metrics = new ArrayList<>();
    List<String> texts = task.validation().stream().map(TaskSource.Example::text).toList();
    List<ImageRegions> images = task.validation().stream().map(e -> task.image(e.image())).toList();
    Path export = dir.resolve("export");
    float[][] live;
    Validation.Score score;
    try (TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), metrics::add);
      live = run.predict("vqa", texts, images);
      run.export(export);
      score = Validation.evaluate(60, task, task.validation(), HeadModels.live(run, "vqa"));
    }
    double first = metrics.subList(0, 5).stream().mapToDouble(m -> m.losses().get("vqa")).average().orElseThrow();
    double last = metrics.subList(195, 200).stream().mapToDouble(m -> m.losses().get("vqa")).average().orElseThrow();
    assertThat(last).isLessThan(first / 2);
    // The official accuracy of an answer nine of ten annotators gave is 1 (min(1, 8/3) or min(1, 9/3) in every subset).
    assertThat(score.metric()).isEqualTo("vqa");
    assertThat(score.value()).isEqualTo(1.0);
    assertThat(score.values()).containsKey("vqa_other");
    try (Predictor predictor = Predictor.load(export)) {
      float[][] reloaded = predictor.predict("vqa", texts, java.util.Collections.nCopies(texts.size(), null), images);
      for (int i = 0; i < texts.size(); i++) {
        for (int a = 0; a < 4; a++) {
          assertThat(reloaded[i][a]).isCloseTo(live[i][a], within(1e-5f));
        }
      }
      assertThat(predictor.classNames("vqa")).isEqualTo(task.labelNames());
      assertThatThrownBy(() -> predictor.predict("vqa", texts, java.util.Collections.nCopies(texts.size(), null), null))
          .hasMessageContaining("reads an image with each text");
    }
  }

  private static float[] target(TaskSource task, String answer) {
    float[] dense = new float[task.labelNames().size()];
    dense[task.labelNames().indexOf(answer)] = 1f;
    return dense;
  }

  @Test
  void visualEntailmentTrainsAndReloads(@TempDir Path dir) throws Exception {
    Path features = features(dir.resolve("features.tsv"), 120);
    Path train = snliVe(dir.resolve("train.jsonl"), 0, 96, 1);
    Path dev = snliVe(dir.resolve("dev.jsonl"), 96, 120, 2);
    ModelSpec spec =
        base("ve")
            .imageTextClassification("entailment", h -> h.classes(3).labels("snli_ve").dropout(0f))
            .training(t -> t.batchSize(16).steps(8))
            .taskData(d -> d.name("snli_ve").format(TaskDataSpec.Format.SNLI_VE)
                .train(train.toString()).validation(dev.toString()).features(features.toString()))
            .build();
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    List<String> texts = task.validation().stream().map(TaskSource.Example::text).toList();
    List<ImageRegions> images = task.validation().stream().map(e -> task.image(e.image())).toList();
    Path export = dir.resolve("export");
    float[][] live;
    try (TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), m -> {});
      live = run.predict("entailment", texts, images);
      run.export(export);
    }
    try (Predictor predictor = Predictor.load(export)) {
      float[][] reloaded = predictor.predict("entailment", texts, java.util.Collections.nCopies(texts.size(), null), images);
      for (int i = 0; i < texts.size(); i++) {
        for (int c = 0; c < 3; c++) {
          assertThat(reloaded[i][c]).isCloseTo(live[i][c], within(1e-5f));
        }
      }
      assertThat(predictor.classNames("entailment")).containsExactly("entailment", "neutral", "contradiction");
    }
  }

  @Test
  void aTaskWithoutFeaturesForAnImageNamesIt(@TempDir Path dir) throws Exception {
    Path features = features(dir.resolve("features.tsv"), 4);
    Path train = snliVe(dir.resolve("train.jsonl"), 0, 6, 1);
    TaskDataSpec data =
        new TaskDataSpec("snli_ve", TaskDataSpec.Format.SNLI_VE, List.of(train.toString()), List.of(), List.of(features.toString()), 1);
    assertThatThrownBy(() -> TaskSource.read(data, 1))
        .hasMessageContaining("train.jsonl:5")
        .hasMessageContaining("image img4 has no region features");
  }
}
