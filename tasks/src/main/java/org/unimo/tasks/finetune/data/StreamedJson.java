package org.unimo.tasks.finetune.data;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.DataFileException;

/**
 * A whole-file JSON document read a record at a time, for the readers of large task files (VQA
 * v2's questions and annotations, Karpathy's splits): Gson's {@link JsonReader} in strict mode
 * over strict UTF-8 that counts lines, gzip when the name ends in {@code .gz}, and the failures
 * of the document turned into {@link DataFileException}s at the file's line.
 *
 * <pre>{@code
 * StreamedJson document = StreamedJson.open(file);
 * try (document) {
 *   JsonReader json = document.reader();
 *   json.beginObject();
 *   ...
 *   JsonElement record = StreamedJson.element(json);
 * } catch (DataFileException e) {
 *   throw e;
 * } catch (IOException | IllegalStateException | JsonParseException e) {
 *   throw document.failure(e, "not a JSON object with an \"images\" array");
 * }
 * }</pre>
 */
final class StreamedJson implements Closeable {
  private static final TypeAdapter<JsonElement> ELEMENT = new Gson().getAdapter(JsonElement.class);
  private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

  private final Path file;
  private final LineCounter chars;
  private final JsonReader json;

  private StreamedJson(Path file, LineCounter chars) {
    this.file = file;
    this.chars = chars;
    this.json = new JsonReader(chars);
    json.setStrictness(Strictness.STRICT);
  }

  /**
   * Opens {@code file} (gzip when its name ends in {@code .gz}).
   *
   * @throws DataFileException if the name ends in {@code .gz} and the file does not start as gzip
   */
  static StreamedJson open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    InputStream bytes = raw;
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        bytes = new GzipData(new GZIPInputStream(raw, 1 << 16));
      } catch (IOException e) {
        raw.close();
        throw DataFileException.inFile(file, "not gzip data, though the name ends in .gz (" + e.getMessage() + ")");
      }
    }
    return new StreamedJson(file, new LineCounter(bytes));
  }

  /**
   * Opens {@code file} and enters the array under top-level key {@code key} (Karpathy's {@code
   * "images"}, SQuAD's and CoQA's {@code "data"}), skipping the keys before it: the reader is then
   * at the array's first element.
   *
   * @param what what the file should be, for the messages ({@code a SQuAD file (train-v1.1.json)})
   * @param expected what a syntax error means, as {@link #failure} takes it
   * @throws DataFileException if the document is not an object with that array; the file is closed
   */
  static StreamedJson openArray(Path file, String key, String what, String expected) throws IOException {
    StreamedJson document = open(file);
    JsonReader json = document.reader();
    try {
      json.beginObject();
      while (true) {
        if (!json.hasNext()) {
          throw DataFileException.inFile(file, "no \"" + key + "\" array: not " + what);
        }
        if (json.nextName().equals(key)) {
          break;
        }
        json.skipValue();
      }
      if (json.peek() != JsonToken.BEGIN_ARRAY) {
        throw DataFileException.atLine(file, document.line(), "\"" + key + "\" is not an array");
      }
      json.beginArray();
      return document;
    } catch (IOException | IllegalStateException | JsonParseException e) {
      document.close();
      throw e instanceof DataFileException d ? d : document.failure(e, expected);
    }
  }

  /**
   * Leaves the array {@link #openArray} entered, once its last element is read: skips the rest of
   * the object (a second array of the same key too) and requires the end of the document.
   *
   * @throws DataFileException if text follows the object
   */
  void finishArray() throws IOException {
    json.endArray();
    while (json.hasNext()) {
      json.nextName();
      json.skipValue();
    }
    json.endObject();
    try {
      if (json.peek() == JsonToken.END_DOCUMENT) {
        return;
      }
    } catch (MalformedJsonException e) {
      // strict mode refuses a second value on sight
    }
    throw DataFileException.atLine(file, line(), "text after the JSON object");
  }

  /** The parser, strict. */
  JsonReader reader() {
    return json;
  }

  /** The next value of the parser as a tree: one record. */
  static JsonElement element(JsonReader json) throws IOException {
    return ELEMENT.read(json);
  }

  /** The line the parser is at, from its one public description of where it is; 0 if unknown. */
  long line() {
    Matcher at = POSITION.matcher(json.toString());
    return at.find() ? Long.parseLong(at.group(1)) : 0;
  }

  /**
   * What a failure of the parser or of the bytes under it means, at the line of the input read so
   * far: bytes that are not UTF-8, truncated or corrupt gzip, or else a document that is not
   * {@code expected} (Gson's MalformedJsonException, EOFException "End of input" and
   * IllegalStateException "Expected BEGIN_OBJECT but was ..." all mean that).
   */
  DataFileException failure(Exception e, String expected) {
    if (e instanceof CharacterCodingException) {
      return DataFileException.atLine(file, chars.line(), "not UTF-8 text");
    }
    if (e instanceof GzipFailure) {
      return DataFileException.atLine(file, chars.line(), "truncated or corrupt gzip data (" + e.getMessage() + ")");
    }
    return DataFileException.atLine(file, chars.line(), expected + ": " + reason(e));
  }

  @Override
  public void close() throws IOException {
    json.close();
  }

  /** Gson's message without its position (the line is said already) and troubleshooting link. */
  private static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf(" at line ");
    String reason = at >= 0 ? message.substring(0, at) : message;
    if (reason.startsWith("Use JsonReader.setStrictness")) {
      reason = "malformed JSON"; // Gson's advice to be lenient is not ours
    }
    int path = message.indexOf(" path $");
    if (path >= 0) {
      int end = message.indexOf('\n', path);
      reason += " at " + message.substring(path + 6, end < 0 ? message.length() : end).strip();
    }
    return reason;
  }

  /**
   * Strict UTF-8 that counts lines, so a decoding error names its own line: {@link
   * java.io.InputStreamReader} would throw before handing out the characters decoded ahead of the
   * bad byte, and the count would then fall short.
   */
  private static final class LineCounter extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private boolean endOfInput;
    private boolean done;
    private @Nullable CharacterCodingException failure;
    private long newlines;

    LineCounter(InputStream in) {
      this.in = in;
    }

    /** The line of the next character to read (1-based). */
    long line() {
      return newlines + 1;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (!chars.hasRemaining()) {
        if (failure != null) {
          throw failure;
        }
        if (done) {
          return -1;
        }
        decode();
      }
      int read = Math.min(length, chars.remaining());
      chars.get(buffer, offset, read);
      for (int i = offset; i < offset + read; i++) {
        if (buffer[i] == '\n') {
          newlines++;
        }
      }
      return read;
    }

    /** Decodes what it can into {@link #chars}; notes a failure after the characters before it. */
    private void decode() throws IOException {
      chars.clear();
      while (chars.position() == 0) {
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isError()) {
          failure = new MalformedInputException(result.length());
          break;
        }
        if (result.isOverflow()) {
          break;
        }
        if (endOfInput) {
          decoder.flush(chars);
          done = true;
          break;
        }
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
          endOfInput = true;
        } else {
          bytes.position(bytes.position() + read);
        }
        bytes.flip();
      }
      chars.flip();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** gzip failures told apart from the JSON parser's end of input. */
  private static final class GzipFailure extends IOException {
    private static final long serialVersionUID = 1L;

    GzipFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static final class GzipData extends FilterInputStream {
    GzipData(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (EOFException | ZipException e) {
        throw new GzipFailure(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (EOFException | ZipException e) {
        throw new GzipFailure(e);
      }
    }
  }
}
