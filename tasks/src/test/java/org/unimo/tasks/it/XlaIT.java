package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forcing XLA on ({@code compile.xla_mode: ON}) compiles the training step into an XLA cluster on
 * CPU, as TensorFlow's INFO log says. The run is tiny (one layer, two steps) and fp32: what is
 * measured is that XLA is used, not how fast anything is.
 */
class XlaIT {
  @Test
  void forcingXlaOnCompilesAClusterOnCpu(@TempDir Path dir) throws Exception {
    Cli.Run run =
        Cli.start(
                dir,
                // TensorFlow reads its log level once, from the environment: INFO carries the line.
                Map.of("TF_CPP_MIN_LOG_LEVEL", "0"),
                "pretrain",
                "--config", Path.of("..", "examples", "configs", "tiny.textproto").toAbsolutePath().toString(),
                "--set", "compile.xla_mode=ON",
                "--set", "encoder.layers=1",
                "--set", "training.batch_size=8",
                "--set", "optimizer.warmup_steps=1",
                "--steps", "2",
                "--out", dir.resolve("run").toString(),
                "--no-progress")
            .await(10);
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    assertThat(run.err()).contains("XLA: on (compile.xla_mode ON)").contains("Compiled cluster using XLA");
  }
}
