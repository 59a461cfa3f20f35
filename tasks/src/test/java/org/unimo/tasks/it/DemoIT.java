package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unimo demo} end to end, in a fresh JVM as the launcher runs it: trains on the embedded
 * data, passes its own checks (R@1 at least 3x chance and above the untrained model in both
 * directions; the reloaded SavedModel within 1e-5). On CPU the demo runs without XLA
 * ({@code compile.xla_mode: AUTO}); {@link XlaIT} shows that forcing it compiles a cluster.
 */
class DemoIT {
  @Test
  void theDemoPassesItsChecks(@TempDir Path dir) throws Exception {
    Cli.Run run = Cli.unimo(dir, 15, "demo", "--out", dir.resolve("run").toString(), "--no-progress");
    assertThat(run.status()).as("exit status; stdout:%n%s%nstderr:%n%s", run.out(), run.err()).isZero();
    assertThat(run.out()).contains("demo passed");
    assertThat(run.out()).contains("XLA: off (compile.xla_mode AUTO: no GPU");
    assertThat(run.err()).doesNotContain("SLF4J", "Compiled cluster using XLA");
    assertThat(run.out() + run.err()).as("no progress-bar debris in a log").doesNotContain("\r");
    assertThat(dir.resolve("run/export/saved_model.pb")).isRegularFile();
    assertThat(dir.resolve("run/manifest.json")).isRegularFile();
    List<String> metrics = Files.readAllLines(dir.resolve("run/metrics.jsonl"));
    assertThat(metrics).isNotEmpty();
    assertThat(metrics.get(0))
        .startsWith("{\"step\":1,\"mlm\":")
        .contains("\"cmcl\":")
        .contains("\"examples_per_sec\":");
  }
}
