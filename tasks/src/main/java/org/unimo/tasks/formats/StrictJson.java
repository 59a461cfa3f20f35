package org.unimo.tasks.formats;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict JSON (RFC 8259) on Gson: one whole document, no comments, unquoted names or trailing
 * values; {@link JsonParser#parseString} alone would accept all three.
 */
public final class StrictJson {
  private static final Pattern POSITION = Pattern.compile("at line (\\d+) column (\\d+)");

  private StrictJson() {}

  /** A syntax error at a 1-based line and column (0 when Gson did not tell). */
  public static final class SyntaxError extends Exception {
    private final int line;
    private final int column;

    private SyntaxError(int line, int column) {
      super(line > 0 ? "syntax error at line " + line + " column " + column : "syntax error");
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }

  /**
   * Parses {@code text} as exactly one JSON value.
   *
   * @throws SyntaxError if it is not one, with where the parser stopped
   */
  public static JsonElement parse(String text) throws SyntaxError {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonElement element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonParseException("more than one value");
      }
      return element;
    } catch (JsonParseException | IOException e) {
      // The reader's description is the one public view of where it stopped.
      Matcher at = POSITION.matcher(reader.toString());
      throw at.find()
          ? new SyntaxError(Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)))
          : new SyntaxError(0, 0);
    }
  }
}
