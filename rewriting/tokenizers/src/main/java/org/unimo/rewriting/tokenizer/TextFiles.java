package org.unimo.rewriting.tokenizer;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The tokenizers' vocabulary files, written so that a crash never leaves a truncated one. */
final class TextFiles {
  private TextFiles() {}

  /** What writes a file's contents. */
  interface Contents {
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Writes UTF-8 text to a file beside {@code file}, syncs it and renames it into place. Not
   * Files.createTempFile: it makes the file 0600, and the renamed vocabulary would then be
   * unreadable to everyone else, unlike every other file of a run; a name unique to this process and
   * moment gets the umask's permissions.
   */
  static void writeAtomically(Path file, Contents contents) throws IOException {
    Path target = file.toAbsolutePath();
    Path tmp =
        target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    try {
      try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
          Writer out = new BufferedWriter(new OutputStreamWriter(fos, StandardCharsets.UTF_8))) {
        contents.writeTo(out);
        out.flush();
        fos.getFD().sync(); // the rename must not become durable before the contents
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Same directory, so this only happens on unusual file systems; a plain replace is the
        // best they offer.
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
