package org.unimo.tasks.formats;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** What the JSON-lines readers share: one strict JSON object per line, problems at file:line. */
public final class JsonLines {
  private JsonLines() {}

  /** Line {@code number} of {@code file} as a JSON object. */
  public static JsonObject object(Path file, long number, String line) throws DataFileException {
    JsonElement parsed;
    try {
      parsed = StrictJson.parse(line);
    } catch (StrictJson.SyntaxError e) {
      String column = e.column() > 0 ? " (column " + e.column() + ")" : "";
      throw DataFileException.atLine(file, number, "not JSON" + column + ": " + shorten(line));
    }
    if (!parsed.isJsonObject()) {
      throw DataFileException.atLine(file, number, "not a JSON object: " + shorten(line));
    }
    return parsed.getAsJsonObject();
  }

  public static boolean isString(@Nullable JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  /** A line cut to 60 characters for a message. */
  public static String shorten(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
