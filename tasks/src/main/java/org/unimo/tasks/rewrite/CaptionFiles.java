package org.unimo.tasks.rewrite;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;

/**
 * Reads the inputs of caption rewriting. JSON is parsed strictly (RFC 8259), and every problem is
 * an {@link IllegalArgumentException} naming the file and the line (JSON lines) or the annotation
 * (COCO).
 *
 * <ul>
 *   <li>Captions as JSON lines, {@code {"image_id": 57, "caption": "a man rides a horse"}} (the id
 *       a string or a number), or a COCO captions file, {@code {"images": [...], "annotations":
 *       [{"image_id": 57, "id": 1, "caption": "..."}, ...]}}. A file that is one JSON object with
 *       {@code "annotations"} is COCO; anything else is read as JSON lines.
 *   <li>Image labels as JSON lines, {@code {"image_id": 57, "labels": ["man", "horse"]}}.
 *   <li>A text corpus: one sentence per line, blank lines skipped.
 * </ul>
 *
 * <pre>{@code
 * List<Caption> captions = CaptionFiles.captions(Path.of("captions_train2017.json"));
 * }</pre>
 */
public final class CaptionFiles {
  private CaptionFiles() {}

  /** The captions of a JSON-lines or COCO file, in file order. */
  public static List<Caption> captions(Path file) throws IOException {
    String text = read(file);
    JsonObject coco = cocoDocument(file, text);
    List<Caption> captions = new ArrayList<>();
    if (coco != null) {
      readCoco(file, coco, captions);
    } else {
      forEachLine(file, text, (where, object) -> captions.add(new Caption(imageId(where, object), caption(where, object))));
    }
    if (captions.isEmpty()) {
      throw new IllegalArgumentException(file + ": no captions");
    }
    return captions;
  }

  /** Image labels, one JSON object per line. */
  public static List<LabeledImage> labels(Path file) throws IOException {
    List<LabeledImage> images = new ArrayList<>();
    forEachLine(
        file,
        read(file),
        (where, object) -> {
          JsonElement labels = object.get("labels");
          if (labels == null || !labels.isJsonArray()) {
            throw new IllegalArgumentException(where + ": needs \"labels\", an array of strings");
          }
          List<String> names = new ArrayList<>();
          for (JsonElement label : labels.getAsJsonArray()) {
            if (!isString(label) || label.getAsString().isBlank()) {
              throw new IllegalArgumentException(where + ": \"labels\" holds " + label + ", not a non-blank string");
            }
            names.add(label.getAsString());
          }
          images.add(new LabeledImage(imageId(where, object), names));
        });
    return images;
  }

  /** The non-blank lines of a text corpus, stripped. */
  public static List<String> corpus(Path file) throws IOException {
    return read(file).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file");
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text");
    }
  }

  /**
   * The whole file as a COCO document, or null for JSON lines. A multi-line document that breaks
   * while neither of its first two lines is a JSON object cannot be JSON lines either, so its error
   * is reported here, with the line and column where parsing stopped.
   */
  private static @Nullable JsonObject cocoDocument(Path file, String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start == text.length() || text.charAt(start) != '{') {
      return null;
    }
    try {
      JsonElement whole = StrictJson.parse(text);
      return whole.getAsJsonObject().has("annotations") ? whole.getAsJsonObject() : null;
    } catch (StrictJson.SyntaxError e) {
      List<String> lines = text.lines().filter(l -> !l.isBlank()).limit(2).toList();
      if (lines.size() < 2 || lines.stream().anyMatch(CaptionFiles::isObject)) {
        return null; // JSON lines with a bad line: the line-by-line reader names it
      }
      throw new IllegalArgumentException(
          file + ": neither JSON lines (the first lines are not JSON objects) nor a COCO captions document ("
              + e.getMessage() + ")");
    }
  }

  private static boolean isObject(String line) {
    try {
      return StrictJson.parse(line).isJsonObject();
    } catch (StrictJson.SyntaxError e) {
      return false;
    }
  }

  private static void readCoco(Path file, JsonObject document, List<Caption> captions) {
    JsonElement annotations = document.get("annotations");
    if (!annotations.isJsonArray()) {
      throw new IllegalArgumentException(file + ": \"annotations\" is not an array");
    }
    JsonArray array = annotations.getAsJsonArray();
    for (int i = 0; i < array.size(); i++) {
      String where = file + ": annotations[" + i + "]";
      if (!array.get(i).isJsonObject()) {
        throw new IllegalArgumentException(where + " is not an object");
      }
      JsonObject object = array.get(i).getAsJsonObject();
      captions.add(new Caption(imageId(where, object), caption(where, object)));
    }
  }

  /** A JSON-lines record handler; {@code where} is {@code file:line}. */
  private interface Record {
    void accept(String where, JsonObject object);
  }

  private static void forEachLine(Path file, String text, Record record) {
    int number = 0;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String where = file + ":" + number;
      JsonElement parsed;
      try {
        parsed = StrictJson.parse(line);
      } catch (StrictJson.SyntaxError e) {
        String column = e.column() > 0 ? " (column " + e.column() + ")" : "";
        throw new IllegalArgumentException(where + ": not JSON" + column + ": " + shorten(line));
      }
      if (!parsed.isJsonObject()) {
        throw new IllegalArgumentException(where + ": not a JSON object: " + shorten(line));
      }
      record.accept(where, parsed.getAsJsonObject());
    }
  }

  private static String imageId(String where, JsonObject object) {
    JsonElement id = object.get("image_id");
    if (id == null || !id.isJsonPrimitive() || id.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException(where + ": needs \"image_id\", a string or a number");
    }
    JsonPrimitive primitive = id.getAsJsonPrimitive();
    String value = primitive.isNumber() ? primitive.getAsBigDecimal().toPlainString() : primitive.getAsString();
    if (value.isBlank()) {
      throw new IllegalArgumentException(where + ": \"image_id\" is blank");
    }
    return value;
  }

  private static String caption(String where, JsonObject object) {
    JsonElement caption = object.get("caption");
    if (!isString(caption)) {
      throw new IllegalArgumentException(where + ": needs \"caption\", a string");
    }
    String text = caption.getAsString().strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(where + ": \"caption\" is empty");
    }
    return text;
  }

  private static boolean isString(@Nullable JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  private static String shorten(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
