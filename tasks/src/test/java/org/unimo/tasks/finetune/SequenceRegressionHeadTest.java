package org.unimo.tasks.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.dsl.XlaMode;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.training.StepMetrics;
import org.unimo.tasks.training.Trainer;
import org.unimo.tasks.training.TrainingRun;

/**
 * The regression head end to end on STS-B-format pairs written by the test: declared in the DSL,
 * trained on the task's scores, exported with its {@code regress_HEAD} signature and reloaded.
 */
class SequenceRegressionHeadTest {
  private static final String HEADER =
      "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore";

  /** Pairs whose score is how many of the second text's words repeat the first's: learnable by a tiny model. */
  private static Path write(Path file, int rows, long seed) throws Exception {
    Random random = new Random(seed);
    List<String> words = List.of("red", "cube", "blue", "ball", "small", "tree", "green", "car");
    List<String> lines = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < rows; i++) {
      List<String> first = new ArrayList<>(words.subList(0, 4));
      Collections.shuffle(first, random);
      int shared = random.nextInt(5);
      List<String> second = new ArrayList<>(first.subList(0, shared));
      second.addAll(words.subList(4, 8 - shared));
      lines.add(i + "\tx\tx\tx\tx\tx\tx\t" + String.join(" ", first) + "\t" + String.join(" ", second) + "\t" + (shared * 1.25f));
    }
    return Files.write(file, lines);
  }

  private static ModelSpec spec(Path train, Path dev) {
    return ModelSpec.builder("similarity")
        .text(t -> t.byteBpe(300).maxLength(40))
        .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64).maxPositions(48).dropout(0f))
        .sequenceRegression("similarity", h -> h.labels("stsb").dropout(0f))
        .optimizer(o -> o.learningRate(3e-3f).warmupProportion(0.1f).weightDecay(0.01f))
        .training(t -> t.batchSize(16).steps(40))
        .taskData(d -> d.name("stsb").format(TaskDataSpec.Format.GLUE_STSB).train(train.toString()).validation(dev.toString()))
        .compile(c -> c.xla(XlaMode.OFF))
        .build();
  }

  @Test
  void trainsOnScoresExportsAndReloads(@TempDir Path dir) throws Exception {
    Path train = write(dir.resolve("train.tsv"), 200, 1);
    Path dev = write(dir.resolve("dev.tsv"), 20, 2);
    ModelSpec spec = spec(train, dev);
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    List<StepMetrics> metrics = new ArrayList<>();
    List<String> texts = task.validation().stream().map(TaskSource.Example::text).toList();
    List<String> seconds = task.validation().stream().map(TaskSource.Example::second).toList();
    float[][] live;
    Path export = dir.resolve("export");
    try (TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), metrics::add);
      live = run.predict("similarity", texts, seconds);
      run.export(export);
    }
    assertThat(metrics.get(0).losses()).containsOnlyKeys("similarity", "total");
    double first = metrics.subList(0, 5).stream().mapToDouble(m -> m.losses().get("similarity")).average().orElseThrow();
    double last = metrics.subList(35, 40).stream().mapToDouble(m -> m.losses().get("similarity")).average().orElseThrow();
    assertThat(last).isLessThan(first);
    assertThat(live).hasDimensions(texts.size(), 1);

    try (Predictor predictor = Predictor.load(export)) {
      float[][] reloaded = predictor.regress("similarity", texts, seconds);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(reloaded[i][0]).isCloseTo(live[i][0], within(1e-5f));
      }
      assertThatThrownBy(() -> predictor.classify("similarity", texts))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no signature classify_similarity");
    }
  }

  @Test
  void aClassifierCannotTrainOnScores(@TempDir Path dir) throws Exception {
    Path train = write(dir.resolve("train.tsv"), 20, 1);
    ModelSpec wrong =
        ModelSpec.builder("wrong")
            .text(t -> t.byteBpe(300).maxLength(40))
            .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64).maxPositions(48))
            .sequenceClassification("sim", h -> h.classes(2).labels("stsb"))
            .training(t -> t.batchSize(16).steps(2))
            .taskData(d -> d.name("stsb").format(TaskDataSpec.Format.GLUE_STSB).train(train.toString()))
            .build();
    TaskSource task = TaskSource.read(wrong.data().task().orElseThrow(), wrong.seed());
    assertThatThrownBy(() -> TrainingRun.prepare(wrong, task, dir.resolve("run")))
        .hasMessageContaining("label set 'stsb' holds scores, not classes, the head declares 2 classes");
  }
}
