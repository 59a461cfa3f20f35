package org.unimo.tasks.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run directories: created fresh, never reused, so one run's files never mix with another's. */
final class RunDirs {
  private RunDirs() {}

  /** {@code --out DIR} if given, else {@code runs/PREFIX-yyyyMMdd-HHmmss}; created as {@link #create}. */
  static Path createOrDefault(org.apache.commons.cli.CommandLine line, String prefix) throws IOException {
    String given = line.getOptionValue("out");
    return create(
        Path.of(
            given != null
                ? given
                : "runs/" + prefix + "-" + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
  }

  /** Creates {@code dir}; an existing non-empty directory is refused. */
  static Path create(Path dir) throws IOException {
    checkNew(dir);
    return Files.createDirectories(dir);
  }

  /**
   * Creates {@code dir}; an existing directory is refused unless its only entry is {@code allowed}
   * (what another process of the same run makes at the same time).
   */
  static Path create(Path dir, String allowed) throws IOException {
    checkNew(dir, allowed);
    return Files.createDirectories(dir);
  }

  /** Refuses {@code dir} if it exists and is not an empty directory; creates nothing. */
  static void checkNew(Path dir) throws IOException {
    checkNew(dir, null);
  }

  private static void checkNew(Path dir, @org.jspecify.annotations.Nullable String allowed) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.anyMatch(e -> !e.getFileName().toString().equals(allowed))) {
          throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not empty; choose a new --out");
        }
      }
    } else if (Files.exists(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
    }
  }
}
