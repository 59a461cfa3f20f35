package org.unimo.tasks.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.XlaMode;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.objective.ObjectiveRegistry;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.training.TrainingRun;
import org.unimo.tasks.training.StepMetrics;
import org.unimo.tasks.training.Trainer;

/** An objective from outside the toolkit plugs in with one registration and trains like the built-in ones. */
class PluginObjectiveTest {
  private static ShapesWorldData world;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder().seed(5).trainScenes(60).heldoutScenes(4).imageOnlyScenes(0).textScenes(20).wordNetGlosses(0).build());
  }

  private static ModelSpec spec() {
    return ModelSpec.builder("plugin")
        .text(t -> t.byteBpe(300).maxLength(16))
        .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64).maxPositions(32))
        .maskedLm(m -> m.maxPredictions(3))
        .custom("embedding_norm", o -> o.weight(2f).data(DataKind.TEXT).param("target", 0.5))
        .optimizer(o -> o.learningRate(3e-3f).warmupSteps(2))
        .training(t -> t.batchSize(8).steps(30))
        .compile(c -> c.xla(XlaMode.OFF))
        .build();
  }

  @Test
  void aRegisteredCustomObjectiveTrainsBesideTheBuiltInOnes(@TempDir Path dir) throws Exception {
    CompileOptions options =
        CompileOptions.training().withObjectives(ObjectiveRegistry.builtIn().with(EmbeddingNorm.TYPE));
    List<StepMetrics> metrics = new ArrayList<>();
    try (TrainingRun run = TrainingRun.prepare(spec(), new ShapesWorldSource(world), dir, options)) {
      run.train(Trainer.Options.of(false, true), metrics::add);
      assertThat(run.compiled().variables()).noneMatch(v -> v.startsWith("embedding_norm"));
    }
    assertThat(metrics).hasSize(30);
    assertThat(metrics.get(0).losses()).containsOnlyKeys("mlm", "embedding_norm", "total");
    double first = metrics.subList(0, 5).stream().mapToDouble(m -> m.losses().get("embedding_norm")).average().orElseThrow();
    double last = metrics.subList(25, 30).stream().mapToDouble(m -> m.losses().get("embedding_norm")).average().orElseThrow();
    assertThat(last).isLessThan(first);
    // Its weighted loss is part of the total.
    StepMetrics m = metrics.get(0);
    assertThat(m.losses().get("total")).isCloseTo(m.losses().get("mlm") + 2 * m.losses().get("embedding_norm"), org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void withoutTheRegistrationTheSectionIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> TrainingRun.prepare(spec(), new ShapesWorldSource(world), dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("objectives.custom[embedding_norm]: no objective named 'embedding_norm' is registered");
  }
}
