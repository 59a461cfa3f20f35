package org.unimo.tasks.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.entry;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.StepBatch;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.rewriting.tokenizer.ByteLevelBpe;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;

/** The host-side state a resumed run depends on, and the small pieces around it. */
class RunStateTest {
  @Test
  void drawsDependOnTheirKeyAloneNotOnWhatWasDrawnBefore() {
    Draws a = Draws.of(42, "mlm", 7);
    long first = a.example(3).nextLong();
    a.example(0).nextLong();
    a.example(1).nextLong();
    assertThat(a.example(3).nextLong()).isEqualTo(first);
    assertThat(Draws.of(42, "mlm", 8).example(3).nextLong()).isNotEqualTo(first);
    assertThat(Draws.of(42, "regions", 7).example(3).nextLong()).isNotEqualTo(first);
    assertThat(Draws.of(43, "mlm", 7).example(3).nextLong()).isNotEqualTo(first);
  }

  @Test
  void stepBatchesRestoredFromTheirCursorHandOutWhatTheUninterruptedOnesDo() {
    ShapesWorldData world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder().seed(3).trainScenes(40).heldoutScenes(2).imageOnlyScenes(20).textScenes(10).wordNetGlosses(0).build());
    ModelSpec spec = Presets.tiny().text(t -> t.byteBpe(300)).training(t -> t.batchSize(8)).build();
    DataSource source = new ShapesWorldSource(world);
    var tokenizer = TrainingRun.tokenizerFor(spec, source);
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.inference())) {
      StepBatches whole = new StepBatches(model, source, tokenizer);
      for (long step = 1; step <= 7; step++) {
        StepBatch batch = whole.at(step);
        batch.pairs();
        batch.texts("mlm");
        batch.images();
      }
      StepBatches.Cursor cursor = whole.cursor();
      assertThat(cursor.batches()).containsOnly(entry("pairs", 7L), entry("text/mlm", 7L), entry("images", 7L));
      StepBatches resumed = new StepBatches(model, source, tokenizer);
      resumed.restore(cursor);
      // Step 8 and on, several epochs of 5 pair batches each.
      for (long step = 8; step <= 20; step++) {
        StepBatch a = resumed.at(step);
        StepBatch b = whole.at(step);
        assertThat(a.pairs().ids()).as("step %d", step).containsExactly(b.pairs().ids());
        assertThat(a.pairs().captions()).containsExactly(b.pairs().captions());
        assertThat(a.texts("mlm").tokenIds()).containsExactly(b.texts("mlm").tokenIds());
        assertThat(a.images().batch().features()).containsExactly(b.images().batch().features());
        assertThat(a.draws("mlm").example(2).nextLong()).isEqualTo(b.draws("mlm").example(2).nextLong());
      }
    }
  }

  @Test
  void aMetricsLineReadsBackAsItWasWritten() {
    StepMetrics m = new StepMetrics(12, "pair", ImmutableMap.of("cmcl", 2.5f, "total", Float.NaN), 1e-3f, 0.75f, 321.5, 1024f, 2);
    StepMetrics back = StepMetrics.fromJson(m.toJson().toString());
    assertThat(back.toJson().toString()).isEqualTo(m.toJson().toString());
    assertThat(back.losses()).containsOnlyKeys("cmcl", "total");
    assertThatThrownBy(() -> StepMetrics.fromJson("{\"step\":3,\"mlm\":1."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a metrics line");
  }

  @Test
  void aShortRunIsNotJudgedAndALongOneIs() {
    LossTrend.Tracker tracker = new LossTrend.Tracker(20);
    for (int step = 1; step <= 30; step++) {
      tracker.add(new StepMetrics(step, null, ImmutableMap.of("mlm", 1f + step), 1f, 1f, 1, null, 0));
    }
    LossTrend shortRun = tracker.trend();
    assertThat(shortRun.notDecreasing()).isEmpty();
    assertThat(shortRun.describe()).contains("30 steps: too few to judge, needs 40").doesNotContain("not decreasing");
    for (int step = 31; step <= 40; step++) {
      tracker.add(new StepMetrics(step, null, ImmutableMap.of("mlm", 1f + step), 1f, 1f, 1, null, 0));
    }
    assertThat(tracker.trend().notDecreasing()).containsExactly("mlm");
  }

  @Test
  void checkpointCadencesParseAsStepsOrDurations() {
    assertThat(CheckpointPolicy.parse("500", 3)).isEqualTo(new CheckpointPolicy(500, null, 3));
    assertThat(CheckpointPolicy.parse("10m", 2).every()).isEqualTo(Duration.ofMinutes(10));
    assertThat(CheckpointPolicy.parse("90s", 2).cadence()).isEqualTo("90s");
    assertThat(CheckpointPolicy.parse("2h", 1).due(5, Duration.ofHours(2))).isTrue();
    assertThat(CheckpointPolicy.parse("7", 1).due(14, Duration.ZERO)).isTrue();
    assertThat(CheckpointPolicy.parse("7", 1).due(15, Duration.ofDays(1))).isFalse();
    for (String bad : List.of("0", "-3", "10d", "soon", "")) {
      assertThatThrownBy(() -> CheckpointPolicy.parse(bad, 3)).hasMessageContaining("--checkpoint-every: '" + bad + "'");
    }
  }

  @Test
  void aProgressBarIsDrawnOnlyOnATerminalAndNotOverJsonLinesOnTheSameTerminal() {
    List<String> keys = List.of("unimo.stderr.tty", "unimo.stdout.tty");
    List<String> saved = new ArrayList<>();
    keys.forEach(k -> saved.add(System.getProperty(k)));
    try {
      keys.forEach(System::clearProperty);
      assertThat(ProgressBars.wanted(true, false)).as("log file").isFalse();
      System.setProperty("unimo.stderr.tty", "true");
      assertThat(ProgressBars.wanted(true, true)).as("stdout redirected").isTrue();
      assertThat(ProgressBars.wanted(false, true)).as("--no-progress").isFalse();
      System.setProperty("unimo.stdout.tty", "true");
      assertThat(ProgressBars.wanted(true, true)).as("JSON lines on the same terminal").isFalse();
      assertThat(ProgressBars.wanted(true, false)).as("the demo").isTrue();
    } finally {
      for (int i = 0; i < keys.size(); i++) {
        if (saved.get(i) == null) {
          System.clearProperty(keys.get(i));
        } else {
          System.setProperty(keys.get(i), saved.get(i));
        }
      }
    }
  }

  @Test
  void runFilesGetTheSamePermissionsAsAnyOtherFile(@TempDir Path dir) throws Exception {
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    Path bpe = dir.resolve("tokenizer.bpe");
    ByteLevelBpe.train(List.of("a shape", "two shapes"), 300).write(bpe);
    assertThat(Files.getPosixFilePermissions(bpe)).isEqualTo(Files.getPosixFilePermissions(plain));
  }

  @Test
  void aCheckpointOfAnEarlierLayoutIsRefusedByName(@TempDir Path dir) throws Exception {
    // What the build before the objective seam wrote: numbered streams, no format.
    Path checkpoint = Files.createDirectories(dir.resolve("checkpoints/ckpt-20"));
    Files.writeString(
        checkpoint.resolve("state.json"),
        "{\"step\":20,\"pair_batches\":20,\"mlm_batches\":20,\"seq2seq_batches\":0,\"image_batches\":20,\"skipped_steps\":0}");
    Files.writeString(dir.resolve("checkpoints/latest"), "ckpt-20\n");
    assertThatThrownBy(() -> new Checkpoints(dir).latest())
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("state.json: a checkpoint of format 'none', written by another version of the toolkit")
        .hasMessageContaining("start a new run");
  }

  @Test
  void theSlf4jBindingIsARealOne() {
    assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName()).doesNotContain("NOP");
  }
}
