package org.unimo.tasks.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.unimo.tasks.cli.Main;

/** Runs {@code unimo} in a fresh JVM, as the launcher does. */
final class Cli {
  record Run(int status, String out, String err) {}

  /** A running {@code unimo} process and the files its output goes to. */
  record Started(Process process, Path out, Path err) {
    Run await(int timeoutMinutes) throws Exception {
      if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("unimo did not finish in " + timeoutMinutes + " minutes; stderr:\n" + read(err));
      }
      return new Run(process.exitValue(), read(out), read(err));
    }

    /** Sends {@code signal} (INT, TERM, KILL) to the process. */
    void signal(String signal) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    }
  }

  private Cli() {}

  /**
   * Overrides of the tiny config for a short run that exercises CMCL's sample sets (one paraphrase,
   * one object negative, one TF-IDF negative per pair) on a small shapes world, batches of 16.
   */
  static final List<String> SMALL_RUN_WITH_SAMPLES =
      List.of(
          "objectives.cmcl.samples.paraphrases=1",
          "objectives.cmcl.samples.object_negatives=1",
          "objectives.cmcl.samples.tfidf_negatives=1",
          "data.shapes_world.train_scenes=400",
          "data.shapes_world.image_only_scenes=100",
          "data.shapes_world.wordnet_glosses=400",
          "training.batch_size=16",
          "optimizer.warmup_steps=4");

  /** {@code --set A --set B ...} for every assignment, in order. */
  static List<String> sets(List<String> assignments) {
    List<String> args = new ArrayList<>();
    for (String assignment : assignments) {
      args.add("--set");
      args.add(assignment);
    }
    return args;
  }

  static Run unimo(Path workDir, int timeoutMinutes, String... args) throws Exception {
    return start(workDir, Map.of(), args).await(timeoutMinutes);
  }

  /**
   * Starts {@code unimo args} with {@code env} added to its environment. A JVM crash would leave its
   * hs_err file in {@code workDir}. SIGINT and SIGTERM start at their default disposition even if
   * this process inherited them ignored (as background jobs of a non-interactive shell do): the
   * JVM honours an inherited "ignore" and would never see a Ctrl-C.
   */
  static Started start(Path workDir, Map<String, String> env, String... args) throws IOException {
    Files.createDirectories(workDir);
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    List<String> command = new ArrayList<>();
    command.add("env");
    command.add("--default-signal=INT,TERM");
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.awt.headless=true");
    command.add("-XX:ErrorFile=" + workDir.toAbsolutePath().resolve("hs_err_pid%p.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("TF_XLA_FLAGS", "--tf_xla_cpu_global_jit");
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "1");
    builder.environment().putAll(env);
    return new Started(builder.start(), out, err);
  }

  static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
