package org.unimo.tasks.formats;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;

/**
 * The lines of a text file, one at a time, with their numbers: gzip when the name ends in {@code
 * .gz}, strict UTF-8, {@code \n} or {@code \r\n} endings, a leading UTF-8 byte-order mark dropped.
 *
 * <p>Lines are split on bytes and decoded one by one, so a decoding error is reported on its own
 * line (a {@code BufferedReader} reads ahead and would blame whatever line it had reached) and,
 * when the {@link BadRows} policy skips, only that line is lost. Public for the readers of other
 * packages ({@code org.unimo.tasks.finetune.data}), which build on {@link LineRows}. Memory
 * is bounded by the longest line (at most {@value #MAX_LINE_BYTES} bytes, so a binary file without
 * newlines fails instead of filling the heap).
 */
public final class LineReader implements Closeable {
  /** 128 MiB: a bottom-up line of 1000 boxes, 2048-d features and 1601 classes is 20 MB. */
  static final int MAX_LINE_BYTES = 128 << 20;

  private final Path file;
  private final InputStream in;
  private BadRows bad;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  /** The offset in the (decompressed) data of {@code buffer[0]}. */
  private long bufferStart;
  private long lineOffset;
  private int lineLength;
  private byte[] line = new byte[1 << 12];
  private long number;
  private @Nullable DataFileException decodeFailed;

  private LineReader(Path file, InputStream in, BadRows bad) {
    this.file = file;
    this.in = in;
    this.bad = bad;
  }

  /**
   * Opens {@code file}.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws DataFileException if its name ends in .gz but it does not start like gzip data
   */
  public static LineReader open(Path file, BadRows bad) throws IOException {
    InputStream raw = Files.newInputStream(file);
    if (!isGzip(file)) {
      return new LineReader(file, raw, bad);
    }
    try {
      return new LineReader(file, new GZIPInputStream(raw, 1 << 16), bad);
    } catch (IOException e) {
      raw.close();
      throw DataFileException.inFile(file, "not gzip data, though the name ends in .gz (" + e.getMessage() + ")")
          .causedBy(e);
    }
  }

  static boolean isGzip(Path file) {
    return file.getFileName().toString().endsWith(".gz");
  }

  /** The file name without a {@code .gz} ending: what tells its format. */
  static String formatName(Path file) {
    String name = file.getFileName().toString();
    return isGzip(file) ? name.substring(0, name.length() - 3) : name;
  }

  public Path file() {
    return file;
  }

  /** Changes the policy for lines that are not UTF-8 from here on. */
  void badRows(BadRows policy) {
    bad = policy;
  }

  /** The number of the line {@link #next} returned last (0 before the first). */
  public long number() {
    return number;
  }

  /**
   * The byte offset, in the file's data (after decompression for gzip), of the line {@link #next}
   * returned last: of its first byte after a byte-order mark. With {@link #length()}, where to read
   * that line again from an uncompressed file.
   */
  long offset() {
    return lineOffset;
  }

  /** The length in bytes of the line {@link #next} returned last, without its ending (and mark). */
  int length() {
    return lineLength;
  }

  /**
   * The next line without its ending, or null at the end of the file. A line that is not UTF-8 is
   * a bad row: skipped (and counted) or thrown, as the policy says.
   *
   * @throws DataFileException for gzip data that is truncated or corrupt, a line that is not UTF-8
   *     (unless skipped) or one longer than {@value #MAX_LINE_BYTES} bytes; each names the line
   */
  public @Nullable String next() throws IOException {
    while (true) {
      String line = nextBytes();
      if (line != null || decodeFailed == null) {
        return line;
      }
      DataFileException failure = decodeFailed;
      decodeFailed = null;
      bad.reject(failure);
    }
  }

  /** The next line, or null at the end or (with {@link #decodeFailed} set) when it is not UTF-8. */
  private @Nullable String nextBytes() throws IOException {
    long start = bufferStart + position; // fill() keeps this sum where it is
    int length = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int end = position;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int count = end - position;
      if (length + count > MAX_LINE_BYTES) {
        throw DataFileException.atLine(file, number + 1, "a line longer than " + (MAX_LINE_BYTES >> 20) + " MiB; not a text file?");
      }
      if (length + count > line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + count)));
      }
      System.arraycopy(buffer, position, line, length, count);
      length += count;
      if (end < limit) {
        position = end + 1;
        break;
      }
      position = limit;
    }
    number++;
    int offset = 0;
    if (number == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
      offset = 3;
    }
    if (length > offset && line[length - 1] == '\r') {
      length--;
    }
    lineOffset = start + offset;
    lineLength = length - offset;
    return decode(offset, length);
  }

  private @Nullable String decode(int offset, int length) {
    ByteBuffer bytes = ByteBuffer.wrap(line, offset, length - offset);
    try {
      CharBuffer chars = decoder.reset().decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      int at = Math.min(bytes.position(), length - 1);
      decodeFailed = DataFileException.atLine(
              file,
              number,
              String.format("not UTF-8 text: byte 0x%02x at byte %d of the line", line[at] & 0xff, at - offset + 1))
          .causedBy(e);
      return null;
    }
  }

  /** Reads more bytes into the buffer; false at the end of the data. */
  private boolean fill() throws IOException {
    int read;
    try {
      read = in.read(buffer, 0, buffer.length);
    } catch (EOFException | ZipException e) {
      throw DataFileException.atLine(file, number + 1, "truncated or corrupt gzip data (" + e.getMessage() + ")")
          .causedBy(e);
    }
    if (read < 0) {
      return false;
    }
    bufferStart += limit;
    position = 0;
    limit = read;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
