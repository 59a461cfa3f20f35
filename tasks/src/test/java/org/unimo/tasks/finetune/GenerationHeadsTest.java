package org.unimo.tasks.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.DecodingSpec;
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
 * The generation heads end to end on tiny tasks written by the test: captions "a COLOR SHAPE" of
 * images whose two regions' features name the color and the shape (a Karpathy split), and line
 * files whose target is the source's two words swapped. Each head is declared in the DSL, trained,
 * scored by {@link Validation} from decoded texts, exported and reloaded: the SavedModel's decode
 * step, in the same loop, generates what the live graph generates.
 */
class GenerationHeadsTest {
  private static final List<String> COLORS = List.of("red", "green", "blue", "gray");
  private static final List<String> SHAPES = List.of("circle", "square", "triangle");
  private static final int FEATURES = 8;

  /** Image {@code i}: color {@code i % 4} one-hot in the first region, shape {@code (i / 4) % 3} in the second. */
  private static Path features(Path file, int images) throws Exception {
    try (RegionFeatureTsv.Writer writer = RegionFeatureTsv.writer(file)) {
      for (int i = 0; i < images; i++) {
        float[][] regions = new float[2][FEATURES];
        regions[0][i % COLORS.size()] = 1f;
        regions[1][4 + (i / 4) % SHAPES.size()] = 1f;
        writer.write("img" + i, 10, 10, new float[][] {{0, 0, 5, 5}, {5, 5, 10, 10}}, regions, null);
      }
      writer.commit();
    }
    return file;
  }

  private static String caption(int i) {
    return "a " + COLORS.get(i % 4) + " " + SHAPES.get((i / 4) % 3);
  }

  /** A Karpathy split: images 0-95 train, 96-107 val, 108-119 test; two captions each (the same words). */
  private static Path karpathy(Path file) throws Exception {
    JsonArray images = new JsonArray();
    for (int i = 0; i < 120; i++) {
      JsonObject image = new JsonObject();
      image.addProperty("filename", "img" + i + ".jpg");
      image.addProperty("split", i < 96 ? "train" : i < 108 ? "val" : "test");
      JsonArray sentences = new JsonArray();
      for (String raw : List.of(caption(i), caption(i) + ".")) {
        JsonObject sentence = new JsonObject();
        sentence.addProperty("raw", raw);
        sentences.add(sentence);
      }
      image.add("sentences", sentences);
      images.add(image);
    }
    JsonObject json = new JsonObject();
    json.add("images", images);
    return Files.writeString(file, json.toString());
  }

  private static ModelSpec.Builder base(String name, boolean images) {
    ModelSpec.Builder builder = ModelSpec.builder(name).text(t -> t.byteBpe(300).maxLength(12));
    if (images) {
      builder.image(i -> i.maxRegions(2).featureSize(FEATURES));
    }
    return builder
        .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64).maxPositions(24).dropout(0f))
        .optimizer(o -> o.learningRate(3e-3f).warmupProportion(0.1f))
        .compile(c -> c.xla(XlaMode.OFF));
  }

  @Test
  void captioningLearnsTheCaptionsAndTheReloadedModelDecodesAlike(@TempDir Path dir) throws Exception {
    Path features = features(dir.resolve("features.tsv"), 120);
    Path split = karpathy(dir.resolve("dataset.json"));
    ModelSpec spec =
        base("captioning", true)
            .captioning("caption", h -> h.labels("shapes").decoding(d -> d.maxLength(6)))
            .training(t -> t.batchSize(16).steps(250))
            .taskData(d -> d.name("shapes").format(TaskDataSpec.Format.KARPATHY).train(split.toString()).features(features.toString()))
            .build();
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    List<ImageRegions> images = new ArrayList<>();
    for (int i = 108; i < 120; i++) {
      images.add(task.image("img" + i));
    }
    DecodingSpec beam = new DecodingSpec(3, 0.6f, 1, 6, 2);
    List<StepMetrics> metrics = new ArrayList<>();
    Path export = dir.resolve("export");
    List<String> greedy;
    List<String> beamed;
    Validation.Score score;
    try (TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), metrics::add);
      greedy = run.generate("caption", List.of(), List.of(), images, null);
      beamed = run.generate("caption", List.of(), List.of(), images, beam);
      score = Validation.evaluate(250, task, task.validation(), HeadModels.live(run, "caption"));
      run.export(export);
    }
    assertThat(metrics.get(metrics.size() - 1).losses().get("caption")).isLessThan(metrics.get(0).losses().get("caption") / 4);
    for (int i = 0; i < images.size(); i++) {
      // Each image has its caption with and without a full stop: either is learnt.
      assertThat(greedy.get(i)).isIn(caption(108 + i), caption(108 + i) + ".");
      assertThat(beamed.get(i)).isIn(caption(108 + i), caption(108 + i) + ".");
    }
    assertThat(score.metric()).isEqualTo("cider");
    assertThat(score.values()).containsKeys("cider", "bleu4", "rougeL");
    assertThat(score.examples()).isEqualTo(12);
    // Three-word captions have no 4-gram: BLEU-4 says little here, ROUGE-L and CIDEr-D do.
    assertThat(score.values().get("rougeL")).isGreaterThan(0.99);
    assertThat(score.value()).isGreaterThan(1.0);
    try (Predictor predictor = Predictor.load(export)) {
      assertThat(predictor.generate("caption", List.of(), List.of(), images, null)).isEqualTo(greedy);
      assertThat(predictor.generate("caption", List.of(), List.of(), images, beam)).isEqualTo(beamed);
      Validation.Score reloaded = Validation.evaluate(250, task, task.validation(), HeadModels.exported(predictor, "caption"));
      assertThat(reloaded.values()).isEqualTo(score.values());
      assertThatThrownBy(() -> predictor.generate("caption", List.of("a red"), List.of("x"), null, null))
          .hasMessageContaining("captions images, and none were given");
    }
  }

  /** Line files of two words (a color and a shape); the target is them swapped. */
  private static Path lines(Path dir, String name, int from, int to) throws Exception {
    List<String> sources = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String color = COLORS.get(i % 4);
      String shape = SHAPES.get((i / 4) % 3);
      sources.add(color + " " + shape);
      targets.add(shape + " " + color);
    }
    Files.write(dir.resolve(name + ".tgt"), targets);
    return Files.write(dir.resolve(name + ".src"), sources);
  }

  @Test
  void textToTextLearnsTheTargetsAndTheReloadedModelDecodesAlike(@TempDir Path dir) throws Exception {
    Path train = lines(dir, "train", 0, 96);
    Path val = lines(dir, "val", 96, 108);
    ModelSpec spec =
        base("swap", false)
            .textToText("swap", h -> h.labels("swap"))
            .training(t -> t.batchSize(16).steps(250))
            .taskData(d -> d.name("swap").format(TaskDataSpec.Format.SOURCE_TARGET).train(train.toString()).validation(val.toString()))
            .build();
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    assertThat(task.validation().get(0).references()).containsExactly("circle red");
    List<String> sources = task.validation().stream().map(TaskSource.Example::text).toList();
    List<String> expected = task.validation().stream().map(TaskSource.Example::target).toList();
    List<String> none = Collections.nCopies(sources.size(), null);
    DecodingSpec beam = new DecodingSpec(2, 1f, 0, 0, 1);
    Path export = dir.resolve("export");
    List<String> greedy;
    List<String> beamed;
    Validation.Score score;
    try (TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), m -> {});
      greedy = run.generate("swap", sources, none, null, null);
      beamed = run.generate("swap", sources, none, null, beam);
      score = Validation.evaluate(250, task, task.validation(), HeadModels.live(run, "swap"));
      run.export(export);
    }
    assertThat(greedy).isEqualTo(expected);
    assertThat(beamed).isEqualTo(expected);
    assertThat(score.metric()).isEqualTo("rougeLsum");
    assertThat(score.value()).isEqualTo(1.0);
    try (Predictor predictor = Predictor.load(export)) {
      assertThat(predictor.generate("swap", sources, none, null, null)).isEqualTo(greedy);
      assertThat(predictor.generate("swap", sources, none, null, beam)).isEqualTo(beamed);
      assertThatThrownBy(() -> predictor.generate("swap", sources, none, List.of(), null))
          .hasMessageContaining("reads a source text, and images were given");
    }
  }

  @Test
  void aTextToTextHeadOnAClassificationTaskIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
    Path train = Files.write(dir.resolve("train.tsv"), List.of("sentence\tlabel", "good\t1", "bad\t0", "fine\t1", "poor\t0"));
    ModelSpec spec =
        base("wrong", false)
            .textToText("swap", h -> h.labels("sst2"))
            .training(t -> t.batchSize(2).steps(1))
            .taskData(d -> d.name("sst2").format(TaskDataSpec.Format.GLUE_SST2).train(train.toString()).validation(train.toString()))
            .build();
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    assertThatThrownBy(() -> {
          try (TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
            run.train(Trainer.Options.of(false, true), m -> {});
          }
        })
        .hasMessageContaining("heads[swap].text_to_text.labels")
        .hasMessageContaining("has no target texts");
  }
}
