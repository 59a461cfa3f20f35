package org.unimo.tasks.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;

import org.unimo.graph.ImageRegions;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldSource;

class AllObjectivesTrainingTest {
  private static ShapesWorldData world;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder()
                .seed(5)
                .trainScenes(200)
                .heldoutScenes(10)
                .imageOnlyScenes(100)
                .textScenes(50)
                .wordNetGlosses(0)
                .build());
  }

  private static ModelSpec.Builder spec() {
    return Presets.tiny()
        .encoder(e -> e.layers(1).hidden(32).heads(2).ffn(64))
        .text(t -> t.byteBpe(300))
        .seq2seq(s -> s.weight(0.5f))
        .pairMlm(p -> p.weight(0.5f))
        .captionGeneration(c -> c.weight(0.5f))
        .mrfr(m -> m.weight(1f).rate(0.3f))
        .mrc(m -> m.weight(1f).rate(0.3f).classes(30))
        .optimizer(o -> o.warmupSteps(5).learningRate(3e-3f))
        .training(t -> t.batchSize(16).steps(60))
        .compile(c -> c.xla(org.unimo.dsl.XlaMode.OFF));
  }

  @Test
  void everyObjectiveIsReportedAndDecreases(@TempDir Path dir) throws Exception {
    List<StepMetrics> metrics = new java.util.ArrayList<>();
    try (TrainingRun run = TrainingRun.prepare(spec().build(), new ShapesWorldSource(world), dir)) {
      run.train(Trainer.Options.of(false, true), metrics::add);
    }
    List<String> losses =
        List.of("mlm", "cmcl", "pair_mlm", "caption_generation", "seq2seq", "mrfr", "mrc", "total");
    assertThat(metrics.get(0).losses()).containsOnlyKeys(losses);
    for (String loss : losses) {
      double first = metrics.subList(0, 10).stream().mapToDouble(m -> m.losses().get(loss)).average().orElseThrow();
      double last = metrics.subList(50, 60).stream().mapToDouble(m -> m.losses().get(loss)).average().orElseThrow();
      assertThat(last).as(loss).isLessThan(first);
    }
  }

  @Test
  void aMixTrainsEachStepOnOneKindOfDataInTheDeclaredRatios(@TempDir Path dir) throws Exception {
    List<StepMetrics> metrics = new java.util.ArrayList<>();
    ModelSpec spec = spec().training(t -> t.steps(80).mix(1f, 1f, 2f)).build();
    try (TrainingRun run = TrainingRun.prepare(spec, new ShapesWorldSource(world), dir)) {
      run.train(Trainer.Options.of(false, true), metrics::add);
    }
    java.util.Map<String, List<StepMetrics>> byKind =
        metrics.stream().collect(java.util.stream.Collectors.groupingBy(StepMetrics::data));
    assertThat(byKind).containsOnlyKeys("text", "image", "pair");
    assertThat(byKind.get("pair").size()).isGreaterThan(byKind.get("text").size());
    assertThat(byKind.get("text")).allSatisfy(m -> assertThat(m.losses()).containsOnlyKeys("mlm", "seq2seq", "total"));
    assertThat(byKind.get("image")).allSatisfy(m -> assertThat(m.losses()).containsOnlyKeys("mrfr", "mrc", "total"));
    assertThat(byKind.get("pair"))
        .allSatisfy(m -> assertThat(m.losses()).containsOnlyKeys("cmcl", "pair_mlm", "caption_generation", "total"));
    for (List<StepMetrics> steps : byKind.values()) {
      for (String loss : steps.get(0).losses().keySet()) {
        double first = steps.subList(0, 5).stream().mapToDouble(m -> m.losses().get(loss)).average().orElseThrow();
        double last =
            steps.subList(steps.size() - 5, steps.size()).stream().mapToDouble(m -> m.losses().get(loss)).average().orElseThrow();
        assertThat(last).as(loss).isLessThan(first);
      }
    }
    assertThat(metrics.get(0).toJson().toString()).contains("\"data\":\"" + metrics.get(0).data() + "\"");
  }

  @Test
  void aClassCountThatDoesNotMatchTheDetectorIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> TrainingRun.prepare(spec().mrc(m -> m.classes(1601)).build(), new ShapesWorldSource(world), dir))
        .hasMessage("objectives.mrc.classes: 1601 does not match the data's 30 detector classes");
  }
}
