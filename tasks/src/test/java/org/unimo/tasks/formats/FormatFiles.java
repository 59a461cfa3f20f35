package org.unimo.tasks.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/** Small files for the readers' tests. */
final class FormatFiles {
  private FormatFiles() {}

  static Path text(Path file, String text) throws IOException {
    return bytes(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code bytes}, gzipped when the name ends in .gz. */
  static Path bytes(Path file, byte[] bytes) throws IOException {
    Files.write(file, file.toString().endsWith(".gz") ? gzip(bytes) : bytes);
    return file;
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /** {@code bytes} gzipped and cut to {@code fraction} of their length. */
  static byte[] truncatedGzip(byte[] bytes, double fraction) throws IOException {
    byte[] whole = gzip(bytes);
    return Arrays.copyOf(whole, (int) (whole.length * fraction));
  }

  /** Concatenates byte arrays. */
  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Base64 of float32 little-endian values, as bottom-up attention writes them. */
  static String base64(float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
