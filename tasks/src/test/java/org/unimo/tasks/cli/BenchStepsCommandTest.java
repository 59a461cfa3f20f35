package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.unimo.tasks.cli.BenchStepsCommand.Build.BASELINE;
import static org.unimo.tasks.cli.BenchStepsCommand.Build.CANDIDATE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.Presets;

/** The statistics and the command line of {@code unimo bench-steps}; nothing here starts a JVM. */
class BenchStepsCommandTest {

  @Test
  void spreadOfAnOddSample() {
    Spread s = Spread.of(9, 1, 5, 3, 7);
    assertThat(s.count()).isEqualTo(5);
    assertThat(s.median()).isEqualTo(5);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(9);
    assertThat(s.q1()).isEqualTo(3);
    assertThat(s.q3()).isEqualTo(7);
    assertThat(s.iqr()).isEqualTo(4);
    assertThat(s.mad()).isEqualTo(2);
  }

  @Test
  void spreadOfAnEvenSampleInterpolates() {
    Spread s = Spread.of(4, 1, 3, 2);
    assertThat(s.median()).isEqualTo(2.5);
    assertThat(s.q1()).isCloseTo(1.75, within(1e-12));
    assertThat(s.q3()).isCloseTo(3.25, within(1e-12));
    // deviations 1.5, 0.5, 0.5, 1.5
    assertThat(s.mad()).isEqualTo(1.0);
  }

  @Test
  void oneOutlierMovesNeitherMedianNorMad() {
    Spread calm = Spread.of(100, 101, 99, 100, 102);
    Spread disturbed = Spread.of(100, 101, 99, 100, 20);
    assertThat(disturbed.median()).isEqualTo(calm.median());
    assertThat(disturbed.mad()).isEqualTo(calm.mad());
    assertThat(disturbed.min()).isEqualTo(20);
  }

  @Test
  void spreadOfOneValueAndOfNone() {
    Spread one = Spread.of(7);
    assertThat(List.of(one.median(), one.min(), one.max(), one.iqr(), one.mad())).containsExactly(7.0, 7.0, 7.0, 0.0, 0.0);
    assertThatThrownBy(Spread::of).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no values");
    assertThatThrownBy(() -> Spread.of(1, Double.NaN)).hasMessageContaining("not a finite value");
  }

  @Test
  void theScheduleAlternatesWhichBuildGoesFirst() {
    assertThat(BenchStepsCommand.schedule(3)).containsExactly(BASELINE, CANDIDATE, CANDIDATE, BASELINE, BASELINE, CANDIDATE);
    List<BenchStepsCommand.Build> ten = BenchStepsCommand.schedule(10);
    assertThat(ten).hasSize(20);
    assertThat(ten.stream().filter(b -> b == BASELINE)).hasSize(10);
    // Over an even count each build is first in half of the pairs and the mean positions are equal.
    double baselinePosition = 0;
    double candidatePosition = 0;
    for (int i = 0; i < ten.size(); i++) {
      if (ten.get(i) == BASELINE) {
        baselinePosition += i;
      } else {
        candidatePosition += i;
      }
    }
    assertThat(baselinePosition).isEqualTo(candidatePosition);
  }

  @Test
  void throughputsLeaveTheWarmUpOut() {
    List<String> lines =
        List.of(
            "{\"step\":1,\"total\":9.0,\"learning_rate\":1.0E-5,\"examples_per_sec\":12.5}",
            "{\"step\":2,\"total\":8.0,\"learning_rate\":2.0E-5,\"examples_per_sec\":300.0}",
            "",
            "{\"step\":3,\"data\":\"pair\",\"total\":\"NaN\",\"examples_per_sec\":310.5}");
    assertThat(BenchStepsCommand.throughputs(lines, 1)).containsExactly(300.0, 310.5);
    assertThat(BenchStepsCommand.throughputs(lines, 0)).containsExactly(12.5, 300.0, 310.5);
  }

  @Test
  void throughputsRefuseDeterministicRunsAndRunsTooShort() {
    assertThatThrownBy(() -> BenchStepsCommand.throughputs(List.of("{\"step\":6,\"total\":1.0}"), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1 has no \"examples_per_sec\"")
        .hasMessageContaining("--deterministic");
    assertThatThrownBy(() -> BenchStepsCommand.throughputs(List.of("{\"step\":5,\"examples_per_sec\":1}"), 5))
        .hasMessageContaining("no step after the 5 warm-up steps");
    assertThatThrownBy(() -> BenchStepsCommand.throughputs(List.of("{\"step\":1,\"examples_per_sec\":2}", "not json"), 0))
        .hasMessageContaining("line 2 is not a JSON object");
  }

  @Test
  void theVerdictComparesStepTimes() {
    // 100 examples/s before, 95 after: a step takes 100/95 as long, 5.3% slower.
    double slower = BenchStepsCommand.slowerPercent(100, 95);
    assertThat(slower).isCloseTo(5.263, within(1e-3));
    assertThat(BenchStepsCommand.verdict(slower, 5)).isEqualTo("candidate median is 5.3% slower than baseline (limit 5%): too slow");
    assertThat(BenchStepsCommand.verdict(BenchStepsCommand.slowerPercent(100, 97), 5))
        .isEqualTo("candidate median is 3.1% slower than baseline (limit 5%)");
    assertThat(BenchStepsCommand.verdict(BenchStepsCommand.slowerPercent(100, 120), 2.5))
        .isEqualTo("candidate median is 16.7% faster than baseline (limit 2.5%)");
  }

  @Test
  void theChildrenGetTheLaunchersEnvironment() {
    Map<String, String> env = BenchStepsCommand.childEnvironment(Map.of("HOME", "/home/x"));
    assertThat(env)
        .containsEntry("HOME", "/home/x")
        .containsEntry("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit")
        .containsEntry("TF_CPP_MIN_LOG_LEVEL", "1");
    Map<String, String> given =
        BenchStepsCommand.childEnvironment(Map.of("TF_XLA_FLAGS", "--tf_xla_auto_jit=2", "TF_CPP_MIN_LOG_LEVEL", "0"));
    assertThat(given)
        .containsEntry("TF_XLA_FLAGS", "--tf_xla_auto_jit=2 --tf_xla_cpu_global_jit")
        .containsEntry("TF_CPP_MIN_LOG_LEVEL", "0");
    assertThat(BenchStepsCommand.childEnvironment(Map.of("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit")))
        .containsEntry("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
  }

  @Test
  void theChildRunsPretrainWithTheSameOptionsForBothBuilds(@TempDir Path dir) throws Exception {
    Path config = tinyConfig(dir);
    BenchStepsCommand.Settings settings =
        BenchStepsCommand.settings(
            Args.parse(
                new BenchStepsCommand(),
                new String[] {
                  "--baseline", "b", "--config", config.toString(), "--steps", "15", "--set", "training.batch_size=16", "--cache", "c"
                }));
    Checkout checkout = new Checkout(dir, dir.resolve("tasks/target/unimo-tasks-1.jar"), "x.jar:y.jar");
    List<String> command = BenchStepsCommand.childCommand(settings, checkout, dir.resolve("run"));
    assertThat(command.get(0)).endsWith("java");
    assertThat(command)
        .containsSubsequence("-Djava.awt.headless=true", "-cp", checkout.jar() + java.io.File.pathSeparator + "x.jar:y.jar")
        .containsSubsequence(
            "org.unimo.tasks.cli.Main", "pretrain", "--config", config.toString(), "--out", dir.resolve("run").toString(),
            "--steps", "15", "--set", "training.batch_size=16", "--cache", "c")
        .doesNotContain("--deterministic");
  }

  @Test
  void defaultsAndBadNumbers(@TempDir Path dir) throws Exception {
    BenchStepsCommand.Settings defaults =
        BenchStepsCommand.settings(Args.parse(new BenchStepsCommand(), new String[] {"--baseline", "b", "--config", "c"}));
    assertThat(defaults.steps()).isEqualTo(30);
    assertThat(defaults.warmup()).isEqualTo(5);
    assertThat(defaults.reps()).isEqualTo(10);
    assertThat(defaults.limit()).isEqualTo(5.0);
    assertThat(defaults.candidate()).isNull();
    assertThat(defaults.sets()).isEmpty();

    Path config = tinyConfig(dir);
    String c = config.toString();
    assertUsage("--steps 5 leaves no step after the 5 warm-up steps", "--baseline", "b", "--config", c, "--steps", "5");
    assertUsage("--warmup: '-1' is not a non-negative integer", "--baseline", "b", "--config", c, "--warmup", "-1");
    assertUsage("--reps: 'ten' is not a positive integer", "--baseline", "b", "--config", c, "--reps", "ten");
    assertUsage("--limit: 'lots' is not a non-negative percentage", "--baseline", "b", "--config", c, "--limit", "lots");
    assertUsage("--baseline is required", "--config", c);
    assertUsage("--config is required", "--baseline", "b");
    assertUsage("no such spec file", "--baseline", "b", "--config", dir.resolve("none.textproto").toString());
    assertThat(
            BenchStepsCommand.settings(
                    Args.parse(new BenchStepsCommand(), new String[] {"--baseline", "b", "--config", c, "--limit", "2.5%"}))
                .limit())
        .isEqualTo(2.5);
  }

  @Test
  void anUnbuiltCheckoutIsAUsageErrorThatSaysHowToBuildIt(@TempDir Path dir) throws Exception {
    Path config = tinyConfig(dir);
    Path checkout = Files.createDirectories(dir.resolve("old/tasks/target"));
    MainTest.Run run =
        MainTest.unimo("bench-steps", "--baseline", dir.resolve("old").toString(), "--config", config.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .contains("--baseline " + dir.resolve("old") + " is not built")
        .contains("(cd " + dir.resolve("old") + " && mvn -B -q -DskipTests package -pl tasks -am)");

    Files.createFile(checkout.resolve("unimo-tasks-0.1.0-SNAPSHOT.jar"));
    assertThat(MainTest.unimo("bench-steps", "--baseline", dir.resolve("old").toString(), "--config", config.toString()).err())
        .contains("no tasks/target/classpath.txt");

    MainTest.Run notACheckout =
        MainTest.unimo("bench-steps", "--baseline", dir.toString(), "--candidate", dir.toString(), "--config", config.toString());
    assertThat(notACheckout.status()).isEqualTo(2);
    assertThat(notACheckout.err()).contains("not a checkout of unimo (no tasks/ directory)");
  }

  @Test
  void aBuiltCheckoutGivesItsJarAndClassPath(@TempDir Path dir) throws Exception {
    Path target = Files.createDirectories(dir.resolve("tasks/target"));
    Files.createFile(target.resolve("unimo-tasks-0.1.0-SNAPSHOT-sources.jar"));
    Files.createFile(target.resolve("unimo-tasks-0.1.0-SNAPSHOT.jar"));
    Files.writeString(target.resolve("classpath.txt"), "/a.jar:/b.jar\n");
    Checkout checkout = Checkout.of(dir, "--baseline");
    assertThat(checkout.jar().getFileName()).hasToString("unimo-tasks-0.1.0-SNAPSHOT.jar");
    assertThat(checkout.fullClassPath()).isEqualTo(checkout.jar() + java.io.File.pathSeparator + "/a.jar:/b.jar");
    assertThat(checkout.commit()).isNull();
  }

  @Test
  void theCommandIsListed() {
    assertThat(MainTest.unimo("help").out()).contains("bench-steps");
    assertThat(MainTest.unimo("bench-steps", "--help").out()).contains("--baseline").contains("--candidate").contains("--warmup");
  }

  private static void assertUsage(String message, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "bench-steps";
    System.arraycopy(args, 0, full, 1, args.length);
    MainTest.Run run = MainTest.unimo(full);
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  private static Path tinyConfig(Path dir) throws Exception {
    Path config = dir.resolve("tiny.textproto");
    Files.writeString(config, Presets.tiny().build().toTextProto());
    return config;
  }
}
