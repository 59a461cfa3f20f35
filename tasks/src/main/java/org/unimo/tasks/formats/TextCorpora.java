package org.unimo.tasks.formats;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Text corpora for the text-only objectives, streamed: a corpus can be far larger than memory.
 *
 * <ul>
 *   <li><b>Plain text</b> (any name but the ones below): one sentence or document per line. Blank
 *       lines are skipped; a line's text is kept as it is, apart from its {@code \r\n} or {@code
 *       \n} ending.
 *   <li><b>JSON lines</b> ({@code .jsonl}, {@code .jsonl.gz}): one object per line with a string
 *       field {@code "text"}, e.g. {@code {"text": "A dog runs.", "source": "wiki"}}; other fields
 *       are ignored. A blank line is skipped; a {@code "text"} that is missing, not a string or
 *       blank is a bad row.
 * </ul>
 *
 * <p>A name ending in {@code .gz} is read as gzip. UTF-8 is decoded strictly: a byte sequence that
 * is not UTF-8 is a bad row named by its line, never a silent replacement character. Truncated
 * gzip data stops the read with the line it reached.
 *
 * <pre>{@code
 * BadRows bad = BadRows.skip();
 * long texts = 0;
 * for (Path file : Globs.expand("corpus/part-*.jsonl.gz")) {
 *   texts += TextCorpora.read(file, bad, text -> System.out.println(text.length()));
 * }
 * }</pre>
 */
public final class TextCorpora {
  private TextCorpora() {}

  /** Whether {@code file} is read as JSON lines: its name ends in .jsonl or .jsonl.gz. */
  public static boolean isJsonLines(Path file) {
    return LineReader.formatName(file).endsWith(".jsonl");
  }

  /**
   * Opens {@code file} to read its texts one by one.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static DataReader<String> open(Path file, BadRows bad) throws IOException {
    return new Reader(LineReader.open(file, bad), isJsonLines(file), bad);
  }

  /**
   * Passes every text of {@code file} to {@code out}, in file order.
   *
   * @return how many texts were passed
   */
  public static long read(Path file, BadRows bad, Consumer<String> out) throws IOException {
    long count = 0;
    try (DataReader<String> texts = open(file, bad)) {
      while (texts.hasNext()) {
        out.accept(texts.next());
        count++;
      }
    }
    return count;
  }

  private static final class Reader extends LineRows<String> {
    private final boolean json;

    Reader(LineReader lines, boolean json, BadRows bad) {
      super(lines, bad);
      this.json = json;
    }

    @Override
    protected String parse(String line) throws DataFileException {
      return json ? text(line) : line;
    }

    private String text(String line) throws DataFileException {
      JsonObject object = JsonLines.object(lines.file(), lines.number(), line);
      JsonElement text = object.get("text");
      if (!JsonLines.isString(text)) {
        throw DataFileException.atLine(lines.file(), lines.number(), "needs \"text\", a string");
      }
      if (text.getAsString().isBlank()) {
        throw DataFileException.atLine(lines.file(), lines.number(), "\"text\" is blank");
      }
      return text.getAsString();
    }

  }
}
