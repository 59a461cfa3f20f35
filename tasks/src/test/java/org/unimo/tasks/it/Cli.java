package org.unimo.tasks.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.unimo.tasks.cli.Main;

/** Runs {@code unimo} in a fresh JVM, as the launcher does, with XLA enabled for CPU. */
final class Cli {
  record Run(int status, String out, String err) {}

  private Cli() {}

  static Run unimo(Path workDir, int timeoutMinutes, String... args) throws Exception {
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.awt.headless=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
    // TensorFlow's INFO log carries the "Compiled cluster using XLA" line the demo test looks for.
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "0");
    Process process = builder.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("unimo " + String.join(" ", args) + " did not finish in " + timeoutMinutes + " minutes");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
