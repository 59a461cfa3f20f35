package org.unimo.tasks.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small files of a run directory written whole or not at all: a temporary sibling, then a rename. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Replaces {@code file} with {@code text} (UTF-8) atomically. */
  public static void writeString(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
