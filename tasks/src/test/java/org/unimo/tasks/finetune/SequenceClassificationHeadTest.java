package org.unimo.tasks.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.XlaMode;
import org.unimo.graph.TextBatch;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.training.TrainingRun;
import org.unimo.tasks.training.StepMetrics;
import org.unimo.tasks.training.Trainer;

/**
 * A fine-tuning head end to end: declared in the DSL, compiled, trained on the shapes world's
 * embedded labels, exported with its own signature and reloaded.
 */
class SequenceClassificationHeadTest {
  private static ShapesWorldData world;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder().seed(7).trainScenes(80).heldoutScenes(4).imageOnlyScenes(0).textScenes(10).wordNetGlosses(0).build());
  }

  private static ModelSpec spec() {
    return ModelSpec.builder("shape-counter")
        .text(t -> t.byteBpe(300).maxLength(24))
        .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64).maxPositions(32).dropout(0f))
        .sequenceClassification("shape_count", h -> h.classes(4).labels("shape_count").dropout(0f))
        .optimizer(o -> o.learningRate(3e-3f).warmupSteps(2))
        .training(t -> t.batchSize(16).steps(40))
        .compile(c -> c.xla(XlaMode.OFF))
        .build();
  }

  @Test
  void trainsOnEmbeddedLabelsExportsAndReloads(@TempDir Path dir) throws Exception {
    List<StepMetrics> metrics = new ArrayList<>();
    List<String> texts = world.train().stream().limit(6).map(s -> s.captions().get(0)).toList();
    float[][] live;
    Path export = dir.resolve("export");
    try (TrainingRun run = TrainingRun.prepare(spec(), new ShapesWorldSource(world), dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), metrics::add);
      live = run.predict("shape_count", texts);
      run.export(export);
    }
    assertThat(metrics.get(0).losses()).containsOnlyKeys("shape_count", "shape_count_accuracy", "total");
    double first = metrics.subList(0, 5).stream().mapToDouble(m -> m.losses().get("shape_count")).average().orElseThrow();
    double last = metrics.subList(35, 40).stream().mapToDouble(m -> m.losses().get("shape_count")).average().orElseThrow();
    assertThat(last).isLessThan(first);

    try (Predictor predictor = Predictor.load(export)) {
      float[][] reloaded = predictor.classify("shape_count", texts);
      assertThat(reloaded).hasDimensions(texts.size(), 4);
      for (int i = 0; i < texts.size(); i++) {
        float sum = 0;
        for (float p : reloaded[i]) sum += p;
        assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(reloaded[i]).containsExactly(live[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
      assertThatThrownBy(() -> predictor.classify("no_such_head", texts))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no head named 'no_such_head'");
    }
  }

  @Test
  void anUnknownLabelSetOrClassCountIsNamedBeforeTraining(@TempDir Path dir) {
    ModelSpec unknown = spec().toBuilder().sequenceClassification("shape_count", h -> h.labels("sentiment")).build();
    assertThatThrownBy(() -> TrainingRun.prepare(unknown, new ShapesWorldSource(world), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("heads[shape_count].sequence_classification.labels: the data has no label set 'sentiment' (it has: shape_count)");
    ModelSpec classes = spec().toBuilder().sequenceClassification("shape_count", h -> h.classes(3)).build();
    assertThatThrownBy(() -> TrainingRun.prepare(classes, new ShapesWorldSource(world), dir))
        .hasMessageContaining("label set 'shape_count' has 4 classes, the head declares 3");
  }
}
