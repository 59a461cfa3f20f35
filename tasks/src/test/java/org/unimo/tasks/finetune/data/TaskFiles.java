package org.unimo.tasks.finetune.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small files for the fine-tuning readers' tests. */
final class TaskFiles {
  private TaskFiles() {}

  /** Writes {@code text} as UTF-8, gzipped when the name ends in .gz. */
  static Path text(Path file, String text) throws IOException {
    return bytes(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static Path bytes(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (file.toString().endsWith(".gz")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        gzip.write(bytes);
      }
      bytes = out.toByteArray();
    }
    Files.write(file, bytes);
    return file;
  }

  /** {@code before}, the byte 0xff (never UTF-8), then {@code after}. */
  static byte[] notUtf8(String before, String after) {
    byte[] a = before.getBytes(StandardCharsets.UTF_8);
    byte[] b = after.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[a.length + 1 + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    all[a.length] = (byte) 0xff;
    System.arraycopy(b, 0, all, a.length + 1, b.length);
    return all;
  }
}
