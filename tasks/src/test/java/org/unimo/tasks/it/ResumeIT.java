package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deterministic run killed with {@code kill -9} between two checkpoints and resumed with {@code
 * --resume} ends exactly where an uninterrupted run ends: the same metrics lines and byte-identical
 * variables and Adam slots, in fp16 (loss scale and skipped steps restored) with {@code
 * training.mix} (the kind of data drawn per step) and CMCL sample sets (drawn per pair and step).
 * Every run is a fresh process, as a user's would be.
 */
class ResumeIT {
  private static final Path TINY = Path.of("..", "examples", "configs", "tiny.textproto").toAbsolutePath();
  private static final int STEPS = 24;
  private static final String VARIABLES = "checkpoints/ckpt-" + STEPS + "/variables.data-00000-of-00001";

  private static String[] pretrain(Path runDir) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "pretrain", "--config", TINY.toString(), "--out", runDir.toString(),
                "--steps", String.valueOf(STEPS), "--checkpoint-every", "8", "--deterministic", "--no-progress"));
    args.addAll(
        Cli.sets(List.of("compile.precision=FP16", "training.mix.text=1", "training.mix.image=1", "training.mix.pair=2")));
    args.addAll(Cli.sets(Cli.SMALL_RUN_WITH_SAMPLES));
    return args.toArray(String[]::new);
  }

  @Test
  void killedBetweenCheckpointsAndResumedEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
    Cli.Run whole = Cli.unimo(dir, 15, pretrain(dir.resolve("whole")));
    assertThat(whole.status()).as("stderr:%n%s", whole.err()).isZero();

    Path runDir = dir.resolve("killed");
    Cli.Started killed = Cli.start(dir, Map.of(), pretrain(runDir));
    Path metrics = runDir.resolve("metrics.jsonl");
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (lines(metrics) < 11 && killed.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    killed.signal("KILL");
    Cli.Run dead = killed.await(1);
    assertThat(dead.status()).as("stderr:%n%s", dead.err()).isEqualTo(137);
    int written = lines(metrics);
    assertThat(written).as("killed between the checkpoints of steps 8 and 16").isBetween(9, 15);
    assertThat(Files.readString(runDir.resolve("status.json"))).contains("\"state\":\"running\"");
    assertThat(Files.readString(runDir.resolve("checkpoints/latest")).trim()).isEqualTo("ckpt-8");

    Cli.Run resumed = Cli.unimo(dir, 15, "pretrain", "--resume", runDir.toString());
    assertThat(resumed.status()).as("stderr:%n%s", resumed.err()).isZero();
    assertThat(resumed.out().lines().findFirst().orElseThrow()).startsWith("{\"step\":9,");

    List<String> expected = Files.readAllLines(dir.resolve("whole/metrics.jsonl"));
    assertThat(expected).hasSize(STEPS);
    assertThat(expected.get(STEPS - 1)).contains("\"loss_scale\":").contains("\"data\":");
    assertThat(Files.readAllLines(metrics)).isEqualTo(expected);
    assertThat(Files.readAllBytes(runDir.resolve(VARIABLES)))
        .as("weights, Adam slots, loss scale, global step")
        .isEqualTo(Files.readAllBytes(dir.resolve("whole").resolve(VARIABLES)));
    assertThat(Files.readString(runDir.resolve("status.json"))).contains("\"state\":\"finished\"");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
    }
  }

  private static int lines(Path file) throws Exception {
    return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count() : 0;
  }
}
