package org.unimo.tasks.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Strict UTF-8, shared by every reader: a byte sequence that is not UTF-8 is an error naming the
 * file and its line, never a replacement character in the data.
 */
public final class Utf8 {
  private Utf8() {}

  /** A decoder that reports malformed and unmappable input instead of replacing it. */
  public static CharsetDecoder strictDecoder() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  /**
   * The whole of {@code file} as text.
   *
   * @throws DataFileException naming the file and the line of the first bytes that are not UTF-8
   */
  public static String read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw DataFileException.atLine(file, firstBadLine(bytes), "not UTF-8 text");
    }
  }

  /** The (1-based) line of the first byte sequence that is not UTF-8. */
  public static long firstBadLine(byte[] bytes) {
    long line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        try {
          strictDecoder().decode(ByteBuffer.wrap(bytes, start, i - start));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return line;
  }
}
