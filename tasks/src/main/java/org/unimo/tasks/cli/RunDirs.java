package org.unimo.tasks.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run directories: created fresh, never reused, so one run's files never mix with another's. */
final class RunDirs {
  private RunDirs() {}

  /** Creates {@code dir}; an existing non-empty directory is refused. */
  static Path create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not empty; choose a new --out");
        }
      }
    } else if (Files.exists(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
    }
    return Files.createDirectories(dir);
  }
}
