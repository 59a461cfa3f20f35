package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.unimo.dsl.Presets;
import org.unimo.tasks.tensorboard.EventFiles;

/**
 * Two fresh processes pre-train the same config (the tiny preset: all seven objectives, dropout
 * and masking everywhere) with {@code --deterministic}: they print
 * identical metrics lines and export identical variables; the runs carry manifests and TensorBoard
 * event files.
 */
class DeterminismIT {
  private static final int STEPS = 25;

  @Test
  void twoDeterministicRunsPrintIdenticalMetricsAndExportIdenticalVariables(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("tiny.textproto");
    Files.writeString(config, Presets.tiny().optimizer(o -> o.warmupSteps(5)).build().toTextProto());
    Cli.Run first = pretrain(dir, config, "a");
    Cli.Run second = pretrain(dir, config, "b");

    List<String> lines = first.out().lines().toList();
    assertThat(lines).hasSize(STEPS);
    assertThat(lines.get(0)).startsWith("{\"step\":1,\"mlm\":").doesNotContain("examples_per_sec");
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(Files.readAllLines(dir.resolve("b/metrics.jsonl")))
        .isEqualTo(Files.readAllLines(dir.resolve("a/metrics.jsonl")));

    Path variables = Path.of("export", "variables", "variables.data-00000-of-00001");
    assertThat(Files.readAllBytes(dir.resolve("b").resolve(variables)))
        .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(variables)));
    assertThat(Files.readString(dir.resolve("b/manifest.json")))
        .isEqualTo(Files.readString(dir.resolve("a/manifest.json")))
        .contains(
            "\"spec_fingerprint\":\""
                + Presets.tiny().optimizer(o -> o.warmupSteps(5)).training(t -> t.steps(STEPS)).build().fingerprint())
        .contains("\"data_sha256/tokenizer.bpe\"");

    Path eventFile;
    try (var files = Files.list(dir.resolve("a/events"))) {
      eventFile = files.findFirst().orElseThrow();
    }
    List<Event> events = EventFiles.read(eventFile);
    assertThat(events).hasSize(STEPS + 1);
    assertThat(events.get(STEPS).getStep()).isEqualTo(STEPS);
    assertThat(events.get(STEPS).getSummary().getValueList())
        .extracting(v -> v.getTag())
        .containsExactly(
            "loss/mlm",
            "loss/cmcl",
            "loss/mrfr",
            "loss/mrc",
            "loss/seq2seq",
            "loss/pair_mlm",
            "loss/caption_generation",
            "loss/total",
            "learning_rate",
            "gradient_norm",
            "examples_per_sec");
  }

  private static Cli.Run pretrain(Path dir, Path config, String name) throws Exception {
    Cli.Run run =
        Cli.unimo(
            dir, 10, "pretrain", "--config", config.toString(), "--out", dir.resolve(name).toString(),
            "--steps", String.valueOf(STEPS), "--deterministic", "--no-progress");
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    return run;
  }
}
