package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.cli.Main;

/**
 * {@code unimo demo} end to end, in a fresh JVM as the launcher runs it: trains on the embedded
 * data, passes its own checks (R@1 at least 3x chance and above the untrained model in both
 * directions; the reloaded SavedModel within 1e-5), and XLA compiles a cluster.
 */
class DemoIT {
  @Test
  void theDemoPassesItsChecksWithXla(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo",
                "--out",
                dir.resolve("run").toString(),
                "--no-progress")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
    Process process = builder.start();
    boolean finished = process.waitFor(15, TimeUnit.MINUTES);
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished).as("demo finished within 15 minutes").isTrue();
    assertThat(process.exitValue()).as("exit status; stdout:%n%s%nstderr:%n%s", stdout, stderr).isZero();
    assertThat(stdout).contains("demo passed");
    assertThat(stderr).contains("Compiled cluster using XLA");
    assertThat(dir.resolve("run/export/saved_model.pb")).isRegularFile();
    List<String> metrics = Files.readAllLines(dir.resolve("run/metrics.jsonl"));
    assertThat(metrics).isNotEmpty();
    assertThat(metrics.get(0)).startsWith("{\"step\":1,\"mlm\":").contains("\"cmcl\":").contains("\"examples_per_sec\":");
  }
}
