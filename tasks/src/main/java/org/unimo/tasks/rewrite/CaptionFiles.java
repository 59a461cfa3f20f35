package org.unimo.tasks.rewrite;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;

/**
 * Reads the inputs of caption rewriting. Every problem is an {@link IllegalArgumentException}
 * naming the file and the line (JSON lines) or the annotation (COCO).
 *
 * <ul>
 *   <li>Captions as JSON lines, {@code {"image_id": 57, "caption": "a man rides a horse"}} (the id
 *       a string or a number), or COCO captions JSON, {@code {"annotations": [{"image_id": 57,
 *       "caption": "..."}, ...]}}; told apart by content.
 *   <li>Image labels as JSON lines, {@code {"image_id": 57, "labels": ["man", "horse"]}}.
 *   <li>A text corpus: one sentence per line, blank lines skipped.
 * </ul>
 */
public final class CaptionFiles {
  private CaptionFiles() {}

  /** The captions of a JSON-lines or COCO file, in file order. */
  public static List<Caption> captions(Path file) throws IOException {
    String text = read(file);
    String trimmed = text.strip();
    if (trimmed.startsWith("{") && isCoco(trimmed)) {
      return coco(file, trimmed);
    }
    List<Caption> captions = new ArrayList<>();
    forEachLine(file, text, (line, object) -> captions.add(new Caption(imageId(file, line, object), caption(file, line, object))));
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
        (line, object) -> {
          JsonElement labels = object.get("labels");
          if (labels == null || !labels.isJsonArray()) {
            throw new IllegalArgumentException(file + ":" + line + ": needs \"labels\", an array of strings");
          }
          List<String> names = new ArrayList<>();
          for (JsonElement label : labels.getAsJsonArray()) {
            if (!label.isJsonPrimitive() || !label.getAsJsonPrimitive().isString() || label.getAsString().isBlank()) {
              throw new IllegalArgumentException(file + ":" + line + ": \"labels\" holds " + label + ", not a non-blank string");
            }
            names.add(label.getAsString());
          }
          images.add(new LabeledImage(imageId(file, line, object), names));
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
    } catch (java.nio.charset.MalformedInputException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text");
    }
  }

  private static boolean isCoco(String text) {
    try {
      JsonElement whole = JsonParser.parseString(text);
      return whole.isJsonObject() && whole.getAsJsonObject().has("annotations");
    } catch (JsonParseException e) {
      return false; // JSON lines (several objects) do not parse as one document
    }
  }

  private static List<Caption> coco(Path file, String text) {
    JsonElement annotations = JsonParser.parseString(text).getAsJsonObject().get("annotations");
    if (!annotations.isJsonArray()) {
      throw new IllegalArgumentException(file + ": \"annotations\" is not an array");
    }
    JsonArray array = annotations.getAsJsonArray();
    List<Caption> captions = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = "annotations[" + i + "]";
      if (!array.get(i).isJsonObject()) {
        throw new IllegalArgumentException(file + ": " + where + " is not an object");
      }
      JsonObject object = array.get(i).getAsJsonObject();
      captions.add(new Caption(imageId(file, where, object), caption(file, where, object)));
    }
    if (captions.isEmpty()) {
      throw new IllegalArgumentException(file + ": no annotations");
    }
    return captions;
  }

  /** A JSON-lines record handler; {@code line} is 1-based. */
  private interface Record {
    void accept(int line, JsonObject object);
  }

  private static void forEachLine(Path file, String text, Record record) throws IOException {
    try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonElement parsed;
        try {
          parsed = JsonParser.parseString(line);
        } catch (JsonParseException e) {
          throw new IllegalArgumentException(file + ":" + number + ": not JSON: " + shorten(line));
        }
        if (!parsed.isJsonObject()) {
          throw new IllegalArgumentException(file + ":" + number + ": not a JSON object: " + shorten(line));
        }
        record.accept(number, parsed.getAsJsonObject());
      }
    }
  }

  private static String imageId(Path file, Object where, JsonObject object) {
    JsonElement id = object.get("image_id");
    if (id == null || !id.isJsonPrimitive() || id.getAsJsonPrimitive().isBoolean()) {
      throw new IllegalArgumentException(location(file, where) + ": needs \"image_id\", a string or a number");
    }
    JsonPrimitive primitive = id.getAsJsonPrimitive();
    String value = primitive.isNumber() ? primitive.getAsBigDecimal().toPlainString() : primitive.getAsString();
    if (value.isBlank()) {
      throw new IllegalArgumentException(location(file, where) + ": \"image_id\" is blank");
    }
    return value;
  }

  private static String caption(Path file, Object where, JsonObject object) {
    JsonElement caption = object.get("caption");
    if (caption == null || !caption.isJsonPrimitive() || !caption.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(location(file, where) + ": needs \"caption\", a string");
    }
    String text = caption.getAsString().strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(location(file, where) + ": \"caption\" is empty");
    }
    return text;
  }

  private static String location(Path file, Object where) {
    return where instanceof Integer line ? file + ":" + line : file + ": " + where;
  }

  private static String shorten(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
