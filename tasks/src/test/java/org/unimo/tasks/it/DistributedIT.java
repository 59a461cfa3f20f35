package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.graph.weights.FloatTensor;
import org.unimo.graph.distributed.Cluster;
import org.unimo.tasks.imports.StartingPoint;

/**
 * Data-parallel pre-training in fresh processes on loopback: two tasks print the metrics and end
 * with the weights of one process running the same spec (the tiny config with every objective and
 * CMCL sample sets, so mask and sample counts differ between the tasks; dropout 0); a task stopped
 * by SIGTERM stops the other at the same step, a task killed by process id stops the other within
 * seconds, named, and both continue with {@code --resume};
 * a malformed cluster and a task that never starts are errors, not hangs.
 */
class DistributedIT {
  private static final Path TINY = Path.of("..", "examples", "configs", "tiny.textproto").toAbsolutePath();
  private static final int STEPS = 20;

  @TempDir static Path shared;
  private static List<JsonObject> alone;
  private static Map<String, FloatTensor> aloneWeights;

  private static List<String> args(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--config", TINY.toString(), "--steps", String.valueOf(STEPS), "--checkpoint-every", "5",
                "--deterministic", "--no-progress"));
    args.addAll(Cli.sets(List.of("encoder.dropout=0")));
    args.addAll(Cli.sets(Cli.SMALL_RUN_WITH_SAMPLES));
    args.addAll(List.of(more));
    return args;
  }

  private static String[] command(String verb, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(verb);
    all.addAll(args);
    return all.toArray(String[]::new);
  }

  @BeforeAll
  static void oneProcess() throws Exception {
    Path runDir = shared.resolve("alone");
    Cli.Run run = Cli.unimo(shared, 10, command("pretrain", args("--out", runDir.toString())));
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    alone = metrics(runDir);
    assertThat(alone).hasSize(STEPS);
    aloneWeights = StartingPoint.read(runDir).weights();
  }

  @Test
  void twoLocalTasksTrainLikeOneProcess(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("two");
    Cli.Run run = Cli.unimo(dir, 10, command("pretrain", args("--out", runDir.toString(), "--local-tasks", "2")));
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.err()).contains("[task 1] task 1 trained steps 1 to " + STEPS);
    // Task 0's standard output is the command's: the same metrics lines as one process prints.
    assertThat(run.out().lines().filter(l -> l.startsWith("{\"step\"")).count()).isEqualTo(STEPS);
    assertSameRun(metrics(runDir), StartingPoint.read(runDir).weights());
    assertThat(runDir.resolve("tasks/1/spec.textproto")).exists();
    assertThat(runDir.resolve("tasks/1/checkpoints")).doesNotExist();
    assertNoCrash(dir);
  }

  @Test
  void aStoppedOrKilledTaskStopsTheOtherAndBothResume(@TempDir Path dir) throws Exception {
    List<String> addresses = Cluster.freeLoopbackAddresses(2);
    String cluster = String.join(",", addresses);
    Path[] runDirs = {dir.resolve("task0"), dir.resolve("task1")};
    Path metrics = runDirs[0].resolve("metrics.jsonl");

    // SIGTERM to task 1 alone: both stop after the same step, with task 0's checkpoint of it.
    Cli.Started task0 = Cli.start(dir, Map.of(), worker(cluster, 0, args("--out", runDirs[0].toString())));
    Cli.Started task1 = Cli.start(dir, Map.of(), worker(cluster, 1, args("--out", runDirs[1].toString())));
    try {
      awaitLines(metrics, 4, task0);
      task1.signal("TERM");
      Cli.Run stopped1 = task1.await(2);
      Cli.Run stopped0 = task0.await(2);
      assertThat(stopped1.status()).as("stderr:%n%s", stopped1.err()).isEqualTo(143);
      int step = lines(metrics);
      assertThat(stopped0.status()).as("stderr:%n%s", stopped0.err()).isEqualTo(1);
      assertThat(stopped0.err()).contains("task 1 asked to stop; every task stopped after step " + step + ", checkpoint written");
      assertThat(stopped1.err()).contains("task 1 trained steps 1 to " + step);
      assertThat(Files.readString(runDirs[0].resolve("checkpoints/latest")).trim()).isEqualTo("ckpt-" + step);
    } finally {
      task0.process().destroyForcibly();
      task1.process().destroyForcibly();
    }

    // Resumed, then task 1 killed by process id: task 0 names it and exits within seconds.
    task0 = Cli.start(dir, Map.of(), worker(cluster, 0, List.of("--resume", runDirs[0].toString())));
    task1 = Cli.start(dir, Map.of(), worker(cluster, 1, List.of("--resume", runDirs[1].toString())));
    try {
      awaitLines(metrics, 12, task0);
      task1.signal("KILL");
      long killed = System.nanoTime();
      Cli.Run survivor = task0.await(2);
      double seconds = (System.nanoTime() - killed) / 1e9;
      assertThat(survivor.status()).as("stderr:%n%s", survivor.err()).isEqualTo(1);
      assertThat(survivor.err()).contains("task 1 (" + addresses.get(1) + ")").contains("gone");
      assertThat(seconds).as("seconds from the kill to task 0's exit").isLessThan(30);
      assertThat(lines(metrics)).isLessThan(STEPS);
      assertThat(Files.readString(runDirs[0].resolve("checkpoints/latest")).trim()).isIn("ckpt-10", "ckpt-15");
    } finally {
      task0.process().destroyForcibly();
      task1.process().destroyForcibly();
    }

    // Resumed again: the run ends with one process's metrics and weights.
    Cli.Started resumed0 = Cli.start(dir, Map.of(), worker(cluster, 0, List.of("--resume", runDirs[0].toString())));
    Cli.Started resumed1 = Cli.start(dir, Map.of(), worker(cluster, 1, List.of("--resume", runDirs[1].toString())));
    try {
      Cli.Run run0 = resumed0.await(10);
      Cli.Run run1 = resumed1.await(2);
      assertThat(run0.status()).as("stderr:%n%s", run0.err()).isZero();
      assertThat(run1.status()).as("stderr:%n%s", run1.err()).isZero();
      assertThat(run0.out().lines().findFirst().orElseThrow()).matches("\\{\"step\":(11|16),.*");
      assertSameRun(metrics(runDirs[0]), StartingPoint.read(runDirs[0]).weights());
    } finally {
      resumed0.process().destroyForcibly();
      resumed1.process().destroyForcibly();
    }
    assertNoCrash(dir);
  }

  /** Waits until {@code file} has {@code count} complete lines (or the task ended, or 5 minutes passed). */
  private static void awaitLines(Path file, int count, Cli.Started task) throws Exception {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (lines(file) < count && task.process().isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void aMalformedClusterOrAMissingTaskIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
    Cli.Run malformed =
        Cli.unimo(dir, 2, worker("127.0.0.1:1,localhost", 0, args("--out", dir.resolve("bad").toString())));
    assertThat(malformed.status()).isEqualTo(2);
    assertThat(malformed.err()).contains("--cluster: cluster address 1 \"localhost\" is not host:port");

    List<String> addresses = Cluster.freeLoopbackAddresses(2);
    Cli.Run alone =
        Cli.unimo(
            dir, 2,
            worker(String.join(",", addresses), 0, args("--out", dir.resolve("alone").toString(), "--startup-timeout", "2")));
    assertThat(alone.status()).as("stderr:%n%s", alone.err()).isEqualTo(1);
    assertThat(alone.err()).contains("task 1 (" + addresses.get(1) + "): connection refused did not start within 2 s");
    assertThat(dir.resolve("alone")).doesNotExist();
  }

  private static String[] worker(String cluster, int task, List<String> args) {
    List<String> all = new ArrayList<>(List.of("--cluster", cluster, "--task", String.valueOf(task)));
    all.addAll(args);
    return command("worker", all);
  }

  /** The same metrics as one process within 1e-5 at every step, and the same weights within 1e-5. */
  private static void assertSameRun(List<JsonObject> metrics, Map<String, FloatTensor> weights) {
    assertThat(metrics).hasSize(STEPS);
    for (int s = 0; s < STEPS; s++) {
      JsonObject want = alone.get(s);
      JsonObject got = metrics.get(s);
      assertThat(got.keySet()).isEqualTo(want.keySet());
      for (String key : want.keySet()) {
        double value = want.get(key).getAsDouble();
        assertThat(got.get(key).getAsDouble())
            .as("step %d %s", s + 1, key)
            .isCloseTo(value, within(1e-5 * Math.max(1, Math.abs(value))));
      }
    }
    assertThat(weights.keySet()).isEqualTo(aloneWeights.keySet());
    aloneWeights.forEach((name, tensor) -> {
      float[] got = weights.get(name).values();
      float[] want = tensor.values();
      for (int i = 0; i < want.length; i++) {
        assertThat(got[i]).as("%s[%d]", name, i).isCloseTo(want[i], within(1e-5f));
      }
    });
  }

  private static List<JsonObject> metrics(Path runDir) throws Exception {
    return Files.readAllLines(runDir.resolve("metrics.jsonl")).stream()
        .map(l -> JsonParser.parseString(l).getAsJsonObject())
        .toList();
  }

  private static int lines(Path file) throws Exception {
    return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> l.endsWith("}")).count() : 0;
  }

  private static void assertNoCrash(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
    }
  }
}
