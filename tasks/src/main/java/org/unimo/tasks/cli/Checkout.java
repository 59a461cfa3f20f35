package org.unimo.tasks.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A checkout of the project built with {@link #BUILD}: its directory, the {@code tasks} jar and
 * the class path Maven wrote next to it. What {@code unimo bench-steps} runs {@code pretrain} from.
 */
record Checkout(Path dir, Path jar, String classPath) {
  /** The build a checkout needs (no install: it would replace the artifacts in ~/.m2). */
  static final String BUILD = "mvn -B -q -DskipTests package -pl tasks -am";

  /**
   * The built checkout at {@code dir}.
   *
   * @param role what the checkout is for, for the message: {@code --baseline}
   * @throws UsageException if it is not a checkout or not built, with the command that builds it
   */
  static Checkout of(Path dir, String role) throws UsageException, IOException {
    Path root = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("tasks"))) {
      throw new UsageException(role + " " + dir + ": not a checkout of unimo (no tasks/ directory)");
    }
    Path target = root.resolve("tasks/target");
    Path classPathFile = target.resolve("classpath.txt");
    Path jar = null;
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        jar =
            files
                .filter(f -> f.getFileName().toString().matches("unimo-tasks-.*\\.jar"))
                .filter(f -> !f.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar"))
                .sorted()
                .findFirst()
                .orElse(null);
      }
    }
    if (jar == null || !Files.isRegularFile(classPathFile)) {
      throw new UsageException(
          role + " " + dir + " is not built (no " + (jar == null ? "tasks/target/unimo-tasks-*.jar" : "tasks/target/classpath.txt")
              + "); build it with: (cd " + root + " && " + BUILD + ")");
    }
    return new Checkout(root, jar, Files.readString(classPathFile, StandardCharsets.UTF_8).trim());
  }

  /**
   * The checkout the running code was loaded from: {@code DIR/tasks/target/unimo-tasks-*.jar} (as
   * the launcher runs it) or {@code DIR/tasks/target/classes}; null when it is neither.
   */
  static @Nullable Path running() {
    try {
      var source = Checkout.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return null;
      }
      Path location = Path.of(source.getLocation().toURI());
      Path target = location.getParent();
      Path tasks = target == null ? null : target.getParent();
      if (tasks == null
          || !target.getFileName().toString().equals("target")
          || !tasks.getFileName().toString().equals("tasks")) {
        return null;
      }
      return tasks.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  /** The class path of a child JVM: the tasks jar, then the dependencies. */
  String fullClassPath() {
    return classPath.isEmpty() ? jar.toString() : jar + java.io.File.pathSeparator + classPath;
  }

  /** {@code git rev-parse HEAD} of the checkout; null when it is not a git checkout. */
  @Nullable String commit() {
    String head = git("rev-parse", "HEAD");
    return head == null || head.isEmpty() ? null : head;
  }

  /** Whether {@code git status} lists changes (the jar may include them); null without git. */
  @Nullable Boolean dirty() {
    String status = git("status", "--porcelain", "--untracked-files=no");
    return status == null ? null : !status.isEmpty();
  }

  private @Nullable String git(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process git = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!git.waitFor(10, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return null;
      }
      return git.exitValue() == 0 ? output : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
