package org.unimo.tasks.pretrain;

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
        .compile(c -> c.xla(org.unimo.dsl.proto.Compile.XlaMode.OFF));
  }

  @Test
  void everyObjectiveIsReportedAndDecreases(@TempDir Path dir) throws Exception {
    List<StepMetrics> metrics = new java.util.ArrayList<>();
    try (PretrainingRun run = PretrainingRun.prepare(spec().build(), world, dir)) {
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
    try (PretrainingRun run = PretrainingRun.prepare(spec, world, dir)) {
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
    assertThatThrownBy(() -> PretrainingRun.prepare(spec().mrc(m -> m.classes(1601)).build(), world, dir))
        .hasMessage("objectives.mrc.classes: 1601 does not match the data's 30 detector classes");
  }

  @Test
  void maskingZeroesTheChosenRegionsAndKeepsTheTargets() {
    List<Scene> scenes = world.imageOnly().subList(0, 8);
    List<ImageRegions> images = scenes.stream().map(s -> new ImageRegions(s.features(), s.boxes())).toList();
    List<float[][]> classes = scenes.stream().map(Scene::classProbs).toList();
    RegionBatch batch = RegionBatch.mask(images, classes, 5, 64, 30, 0.3f, true, Draws.seeded(1));
    for (int b = 0; b < scenes.size(); b++) {
      int regions = scenes.get(b).numRegions();
      int masked = 0;
      for (int r = 0; r < 5; r++) {
        int at = (b * 5 + r) * 64;
        if (batch.masked()[b * 5 + r] == 1f) {
          masked++;
          assertThat(r).isLessThan(regions);
          assertThat(java.util.Arrays.copyOfRange(batch.input().features(), at, at + 64)).containsOnly(0f);
          assertThat(java.util.Arrays.copyOfRange(batch.targetFeatures(), at, at + 64))
              .containsExactly(scenes.get(b).features()[r]);
        }
      }
      assertThat(masked).isEqualTo(Math.max(1, Math.round(0.3f * regions)));
      // Hard labels: one-hot rows.
      float rowSum = 0;
      for (int c = 0; c < 30; c++) rowSum += batch.targetClasses()[(b * 5) * 30 + c];
      assertThat(rowSum).isEqualTo(1f);
    }
  }

  @Test
  void seq2seqPredictsTheTargetsNextTokens() {
    org.unimo.graph.TextBatch clean = org.unimo.graph.TextBatch.of(new int[][] {{10, 11, 12, 13}, {20}}, 8);
    Seq2SeqBatch batch =
        Seq2SeqBatch.of(clean, org.unimo.dsl.proto.Seq2SeqLm.Attention.SEQ2SEQ, Draws.seeded(3));
    // Row 0: [CLS] 10 11 12 13 [SEP]; the target starts somewhere in 2..4 and runs to [SEP].
    int first = 0;
    while (batch.segment()[first] == 0f) first++;
    assertThat(first).isBetween(2, 4);
    for (int t = 0; t < 5; t++) {
      assertThat(batch.labels()[t]).isEqualTo(clean.tokenIds()[t + 1]);
      assertThat(batch.weights()[t]).isEqualTo(t + 1 >= first ? 1f : 0f);
    }
    assertThat(batch.weights()[5]).isZero(); // nothing follows [SEP]
    // Row 1 has one subword: only [CLS] is source.
    assertThat(batch.segment()[8]).isZero();
    assertThat(batch.segment()[9]).isEqualTo(1f);
    Seq2SeqBatch leftToRight =
        Seq2SeqBatch.of(clean, org.unimo.dsl.proto.Seq2SeqLm.Attention.LEFT_TO_RIGHT, Draws.seeded(3));
    assertThat(leftToRight.segment()).containsOnly(1f);
    assertThat(java.util.Arrays.copyOfRange(leftToRight.weights(), 0, 8)).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
  }
}
