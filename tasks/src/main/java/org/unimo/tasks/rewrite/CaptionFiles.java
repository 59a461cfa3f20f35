package org.unimo.tasks.rewrite;

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
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.CaptionSources;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.StrictJson;

/**
 * Reads the inputs of caption rewriting. JSON is parsed strictly (RFC 8259), and every problem is
 * an {@link IllegalArgumentException} naming the file and the line (JSON lines) or the record
 * (COCO, Karpathy).
 *
 * <ul>
 *   <li>Captions in any format {@link CaptionSources} reads: JSON lines, {@code {"image_id": 57,
 *       "caption": "a man rides a horse"}} (the id a string or a number), a COCO captions file,
 *       {@code {"images": [...], "annotations": [{"image_id": 57, "id": 1, "caption": "..."},
 *       ...]}}, or Karpathy's split file ({@code dataset_coco.json}).
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

  /**
   * The captions of a JSON-lines, COCO or Karpathy file, in file order; read by {@link
   * CaptionSources}, which stops at the first malformed row.
   */
  public static List<Caption> captions(Path file) throws IOException {
    List<Caption> captions = new ArrayList<>();
    try {
      CaptionSources.stream(file, BadRows.fail(), entry -> captions.add(new Caption(entry.imageId(), entry.caption())));
    } catch (DataFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file", e);
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

  private static boolean isString(@Nullable JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  private static String shorten(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
