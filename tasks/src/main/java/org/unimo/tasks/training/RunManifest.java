package org.unimo.tasks.training;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;
import org.unimo.dsl.ModelSpec;

/**
 * {@code manifest.json} of a run directory: what is needed to reproduce or audit the run. The spec
 * fingerprint and seed, the compile settings that affect numerics, the versions of the toolkit,
 * TensorFlow and Java, the git commit of the working directory when there is one, and a SHA-256
 * of every data file the run read. No times: two identical runs write identical manifests.
 */
public final class RunManifest {
  public static final String FILE = "manifest.json";

  private RunManifest() {}

  /**
   * Writes the manifest (atomically: a temporary file, then a rename).
   *
   * @param dataFiles files the run read, by a name for the manifest
   */
  public static Path write(
      Path runDir, ModelSpec spec, Map<String, Path> dataFiles, boolean deterministic, CheckpointPolicy checkpoints)
      throws IOException {
    return write(runDir, spec, dataFiles, deterministic, checkpoints, Map.of());
  }

  /**
   * As above, with more string fields, e.g. {@code init_source} and {@code init_sha256} of a run
   * started from imported weights.
   */
  public static Path write(
      Path runDir,
      ModelSpec spec,
      Map<String, Path> dataFiles,
      boolean deterministic,
      CheckpointPolicy checkpoints,
      Map<String, String> more)
      throws IOException {
    var compile = spec.compile();
    JsonLine manifest =
        new JsonLine()
            .put("format", "unimo-run-manifest/1")
            .put("spec_name", spec.name())
            .put("spec_fingerprint", spec.fingerprint())
            .put("seed", spec.seed())
            .put("deterministic", deterministic)
            .put("checkpoint_every", checkpoints.cadence())
            .put("keep_checkpoints", checkpoints.keep())
            .put("xla", org.unimo.graph.SessionConfigs.xla(compile).toString())
            .put("precision", compile.precision().name())
            .put("intra_op_threads", (long) compile.intraOpThreads())
            .put("inter_op_threads", (long) compile.interOpThreads())
            .put("toolkit_version", version())
            .put("tensorflow_version", TensorFlow.version())
            .put("java_version", System.getProperty("java.version"));
    gitCommit().ifPresent(commit -> manifest.put("git_commit", commit));
    more.forEach(manifest::put);
    for (Map.Entry<String, Path> file : dataFiles.entrySet()) {
      manifest.put("data_sha256/" + file.getKey(), sha256(file.getValue()));
    }
    Path target = runDir.resolve(FILE);
    AtomicFiles.writeString(target, manifest.pretty() + "\n");
    return target;
  }

  /**
   * Checks that a resumed run reads the data its manifest records: a resumed run on other data
   * would not continue the same run.
   *
   * @throws IOException naming the file whose SHA-256 differs, or a missing manifest
   */
  public static void checkData(Path runDir, Map<String, Path> dataFiles) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return; // Stopped before the manifest was written: nothing was trained on any data yet.
    }
    var recorded = com.google.gson.JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    for (Map.Entry<String, Path> data : dataFiles.entrySet()) {
      var expected = recorded.get("data_sha256/" + data.getKey());
      String actual = sha256(data.getValue());
      if (expected != null && !expected.getAsString().equals(actual)) {
        throw new IOException(
            data.getValue() + ": SHA-256 " + actual + " differs from the " + expected.getAsString()
                + " that " + file + " records; the run cannot continue on other data");
      }
    }
  }

  /** A string field of the run's manifest, if the manifest and the field exist. */
  public static Optional<String> field(Path runDir, String name) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    var recorded = com.google.gson.JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    return recorded.has(name) ? Optional.of(recorded.get(name).getAsString()) : Optional.empty();
  }

  static String sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }

  /** The toolkit's version from its jar manifest; "development" when run from class folders. */
  public static String version() {
    String version = RunManifest.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /** {@code git rev-parse HEAD} of the working directory, plus "-dirty" for local changes. */
  static Optional<String> gitCommit() {
    Optional<String> head = git("rev-parse", "HEAD");
    if (head.isEmpty() || !head.get().matches("[0-9a-f]{40}")) {
      return Optional.empty();
    }
    boolean dirty = git("status", "--porcelain", "--untracked-files=no").map(s -> !s.isEmpty()).orElse(false);
    return Optional.of(head.get() + (dirty ? "-dirty" : ""));
  }

  private static Optional<String> git(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(new String(output, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return Optional.empty(); // No git on this machine: the manifest says nothing about commits.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
