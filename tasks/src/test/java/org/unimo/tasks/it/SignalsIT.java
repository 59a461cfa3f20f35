package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) and SIGTERM at random moments of a running pretrain (start-up, compilation,
 * training, checkpointing; sometimes twice in a row): the JVM never crashes, the process exits 130
 * or 143 (or 0 if it had finished), {@code status.json} says where it stopped, and {@code
 * --resume} continues from that step (from step 0 if training had not begun) to the end.
 *
 * <p>{@code -Dunimo.signals.runs=N} sets how many runs (4 by default, one per moment; the opt-in {@code -Pslow}
 * profile runs 20); they cycle through the moments (start-up, compilation, training,
 * checkpointing), with SIGTERM every third run. {@code -Dunimo.signals.seed} draws the exact
 * moments.
 */
class SignalsIT {
  private static final Path TINY = Path.of("..", "examples", "configs", "tiny.textproto").toAbsolutePath();
  private static final int STEPS = 30;

  /** When to send the signal. */
  private enum Moment {
    /** While the JVM starts and the data loads. */
    STARTUP,
    /** After the graph is built, while the session starts and the first step compiles. */
    COMPILATION,
    /** Between two steps of training. */
    TRAINING,
    /** Right after a step that writes a checkpoint (every 7 steps), while it is written. */
    CHECKPOINTING;

    String await(Cli.Started started, Path runDir, Random random) throws Exception {
      switch (this) {
        case STARTUP -> {
          long millis = random.nextInt(2500);
          Thread.sleep(millis);
          return "during start-up, after " + millis + " ms";
        }
        case COMPILATION -> {
          waitFor(started, () -> Cli.read(started.err()).contains("XLA:"));
          long millis = random.nextInt(1500);
          Thread.sleep(millis);
          return "during compilation, " + millis + " ms after the graph was built";
        }
        case TRAINING -> {
          int lines = 1 + random.nextInt(STEPS - 2);
          waitFor(started, () -> lines(runDir) >= lines);
          return "during training, after step " + lines;
        }
        default -> {
          int lines = 7 * (1 + random.nextInt(3));
          waitFor(started, () -> lines(runDir) >= lines);
          return "while checkpointing step " + lines;
        }
      }
    }
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Cli.Started started, Condition condition) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (started.process().isAlive() && !condition.holds() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static int lines(Path runDir) throws Exception {
    Path metrics = runDir.resolve("metrics.jsonl");
    return Files.exists(metrics) ? (int) Files.readAllLines(metrics).stream().filter(l -> l.endsWith("}")).count() : 0;
  }

  @Test
  void signalsAtRandomMomentsStopCleanlyAndResume(@TempDir Path dir) throws Exception {
    int runs = Integer.getInteger("unimo.signals.runs", 4);
    long seed = Long.getLong("unimo.signals.seed", 20261127L);
    Random random = new Random(seed);
    StringBuilder report = new StringBuilder();
    for (int i = 0; i < runs; i++) {
      Path runDir = dir.resolve("run-" + i);
      String signal = i % 3 == 2 ? "TERM" : "INT";
      Moment moment = Moment.values()[i % Moment.values().length];
      boolean twice = random.nextInt(3) == 0;
      Cli.Started started =
          Cli.start(
              dir,
              Map.of(),
              "pretrain", "--config", TINY.toString(), "--out", runDir.toString(),
              "--steps", String.valueOf(STEPS), "--set", "training.batch_size=16",
              "--set", "optimizer.warmup_steps=5", "--checkpoint-every", "7",
              "--deterministic", "--no-progress");
      String when = moment.await(started, runDir, random);
      if (started.process().isAlive()) {
        started.signal(signal);
        if (twice) {
          Thread.sleep(30);
          if (started.process().isAlive()) {
            started.signal(signal);
          }
        }
      }
      Cli.Run stopped = started.await(10);
      String where = "run " + i + " (SIG" + signal + (twice ? " twice" : "") + " " + when + ")";
      assertThat(stopped.status())
          .as("%s exit status; stderr:%n%s", where, stopped.err())
          .isIn(0, signal.equals("INT") ? 130 : 143);
      if (!Files.exists(runDir.resolve("status.json"))) {
        // Stopped before the command had made its run directory (the JVM was still starting):
        // there is nothing to resume, and nothing was left behind.
        assertThat(stopped.status()).as(where).isNotZero();
        report.append(String.format("%s: exit %d before the run directory existed%n", where, stopped.status()));
        continue;
      }
      String status = Files.readString(runDir.resolve("status.json"));
      int stoppedAt = Integer.parseInt(status.replaceAll("(?s).*\"step\":(\\d+).*", "$1"));
      if (stopped.status() != 0) {
        assertThat(status).as(where).contains("\"state\":\"interrupted\"");
        assertThat(stopped.err()).as(where).contains("continue with: unimo pretrain --resume " + runDir);
        if (stoppedAt > 0) {
          assertThat(Files.readString(runDir.resolve("checkpoints/latest")).trim()).as(where).isEqualTo("ckpt-" + stoppedAt);
        }
        Path metrics = runDir.resolve("metrics.jsonl");
        assertThat(Files.exists(metrics) ? Files.readAllLines(metrics) : List.of()).as(where).hasSize(stoppedAt);
        Cli.Run resumed = Cli.unimo(dir, 10, "pretrain", "--resume", runDir.toString());
        assertThat(resumed.status()).as("%s resumed; stderr:%n%s", where, resumed.err()).isZero();
        if (stoppedAt < STEPS) {
          assertThat(resumed.out().lines().findFirst().orElseThrow()).as(where).startsWith("{\"step\":" + (stoppedAt + 1) + ",");
        }
      }
      List<String> metrics = Files.readAllLines(runDir.resolve("metrics.jsonl"));
      assertThat(metrics).as(where).hasSize(STEPS);
      for (int s = 0; s < STEPS; s++) {
        assertThat(metrics.get(s)).as(where).startsWith("{\"step\":" + (s + 1) + ",");
      }
      assertThat(Files.readString(runDir.resolve("status.json"))).as(where).contains("\"state\":\"finished\"");
      report.append(String.format("%s: exit %d at step %d, resumed to %d%n", where, stopped.status(), stoppedAt, STEPS));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("JVM crash logs").noneMatch(n -> n.startsWith("hs_err"));
    }
    System.out.print("SignalsIT, seed " + seed + ":\n" + report);
  }
}
