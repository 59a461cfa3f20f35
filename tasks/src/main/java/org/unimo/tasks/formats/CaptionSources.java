package org.unimo.tasks.formats;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Image captions in the three formats caption data sets come in, told apart by their content.
 *
 * <ul>
 *   <li><b>COCO captions JSON</b> ({@code captions_train2017.json}): one object with {@code
 *       "annotations": [{"image_id": 179765, "id": 38, "caption": "..."}, ...]} (and {@code
 *       "images"}, which is not needed). The image id is {@code image_id}. No splits: COCO keeps
 *       them in separate files.
 *   <li><b>Karpathy splits</b> ({@code dataset_coco.json}, {@code dataset_flickr30k.json}): one
 *       object with {@code "images": [{"filename", "split", "sentences": [{"raw", "tokens"},
 *       ...], "cocoid"}, ...]}. The image id is {@code cocoid} when present, so the captions join
 *       bottom-up features keyed by COCO id; otherwise the file name without its extension
 *       ({@code 1000092795.jpg} gives {@code 1000092795}: Flickr30k's features are keyed by the
 *       image number). The split is {@code train}, {@code restval}, {@code val} or {@code test};
 *       {@link #KARPATHY_TRAINING} are the usual training splits.
 *   <li><b>JSON lines</b>: one object per line, {@code {"image_id": 57, "caption": "...",
 *       "split": "train"}}; the id a number or a string, the split optional. An image's lines need
 *       not be adjacent, but must agree on the split.
 * </ul>
 *
 * <p>A file that is one JSON object with {@code "annotations"} is COCO, one with {@code "images"}
 * is Karpathy's; anything else is read as JSON lines. Numeric ids are kept as written ({@code 57}
 * gives {@code "57"}). Captions are stripped and must not be blank. JSON is parsed strictly (RFC
 * 8259), UTF-8 strictly, gzip when the name ends in {@code .gz}. A whole-file document is read
 * into memory (COCO-sized files are a few hundred MB at most); JSON lines stream. Errors name the
 * file and the line (JSON lines) or the record ({@code dataset_coco.json: images[12].sentences[3]:
 * missing "raw"}); a bad line, annotation, image or sentence is a bad row for the {@link BadRows}
 * policy.
 *
 * <pre>{@code
 * List<ImageCaptions> training =
 *     CaptionSources.read(Path.of("dataset_coco.json"), BadRows.fail(), CaptionSources.KARPATHY_TRAINING);
 * }</pre>
 */
public final class CaptionSources {
  /** Karpathy's training splits: {@code train} and {@code restval}. */
  public static final Set<String> KARPATHY_TRAINING = Set.of("train", "restval");

  /** The formats {@link #stream} tells apart. */
  public enum Format {
    COCO,
    KARPATHY,
    JSON_LINES
  }

  /**
   * One caption as read.
   *
   * @param where {@code file:line} or {@code file: annotations[i]}, {@code file:
   *     images[i].sentences[j]}
   */
  public record Entry(String imageId, @Nullable String split, String caption, String where) {}

  private CaptionSources() {}

  /**
   * Every caption of {@code file}, in file order; for COCO-sized corpora when grouping per image
   * is not needed, and for JSON lines without holding the file.
   *
   * @return the format the file was read as
   * @throws DataFileException for a malformed file, a bad row the policy does not skip, or a file
   *     without a single caption
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static Format stream(Path file, BadRows bad, Consumer<Entry> out) throws IOException {
    long badBefore = bad.count();
    long[] count = {0};
    Consumer<Entry> counting =
        entry -> {
          count[0]++;
          out.accept(entry);
        };
    Format format;
    try (LineReader lines = LineReader.open(file, bad)) {
      format = new Detection(file, lines, bad).read(counting);
    }
    if (count[0] == 0) {
      long skipped = bad.count() - badBefore;
      throw DataFileException.inFile(file, "no captions" + (skipped > 0 ? " (" + skipped + " bad rows skipped)" : ""));
    }
    return format;
  }

  /** The captions of {@code file} grouped per image, images in order of first appearance. */
  public static List<ImageCaptions> read(Path file, BadRows bad) throws IOException {
    Map<String, List<String>> captions = new LinkedHashMap<>();
    Map<String, @Nullable String> splits = new HashMap<>();
    stream(
        file,
        bad,
        entry -> {
          captions.computeIfAbsent(entry.imageId(), id -> new ArrayList<>()).add(entry.caption());
          splits.putIfAbsent(entry.imageId(), entry.split());
        });
    List<ImageCaptions> images = new ArrayList<>(captions.size());
    captions.forEach((id, texts) -> images.add(new ImageCaptions(id, splits.get(id), texts)));
    return images;
  }

  /**
   * The images of {@code file} whose split is one of {@code splits}, grouped as {@link
   * #read(Path, BadRows)} does; images without a split are left out.
   *
   * @throws DataFileException if no image is in those splits, naming the splits the file has
   */
  public static List<ImageCaptions> read(Path file, BadRows bad, Set<String> splits) throws IOException {
    List<ImageCaptions> all = read(file, bad);
    List<ImageCaptions> kept = all.stream().filter(i -> i.split() != null && splits.contains(i.split())).toList();
    if (kept.isEmpty()) {
      Set<String> present = new TreeSet<>();
      all.stream().map(ImageCaptions::split).filter(Objects::nonNull).forEach(present::add);
      throw DataFileException.inFile(
          file,
          "no captions in the splits " + new TreeSet<>(splits)
              + (present.isEmpty() ? " (the file gives no splits)" : " (the file's splits: " + String.join(", ", present) + ")"));
    }
    return kept;
  }

  /** Reads one file: tells its format from its first lines, then reads it that way. */
  private static final class Detection {
    private final Path file;
    private final LineReader lines;
    private final BadRows bad;
    /** Every line read while telling the format, blank ones too, and their numbers. */
    private final List<String> head = new ArrayList<>();
    private final List<Long> headNumbers = new ArrayList<>();

    Detection(Path file, LineReader lines, BadRows bad) {
      this.file = file;
      this.lines = lines;
      this.bad = bad;
    }

    Format read(Consumer<Entry> out) throws IOException {
      String first = nextNonBlank();
      if (first == null) {
        return Format.JSON_LINES; // no captions: the caller says so
      }
      if (first.strip().startsWith("{")) {
        JsonObject alone = object(first);
        if (alone != null) {
          if (isDocument(alone)) {
            return document(out, false);
          }
        } else {
          String second = nextNonBlank();
          if (second != null && object(second) == null) {
            return document(out, true);
          }
        }
      }
      jsonLines(out);
      return Format.JSON_LINES;
    }

    private @Nullable String nextNonBlank() throws IOException {
      String line;
      do {
        line = lines.next();
        if (line == null) {
          return null;
        }
        head.add(line);
        headNumbers.add(lines.number());
      } while (line.isBlank());
      return line;
    }

    private static @Nullable JsonObject object(String line) {
      try {
        JsonElement parsed = StrictJson.parse(line);
        return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
      } catch (StrictJson.SyntaxError e) {
        return null;
      }
    }

    /** A one-line COCO or Karpathy document rather than the first of JSON lines. */
    private static boolean isDocument(JsonObject object) {
      return object.has("annotations") || (object.has("images") && !object.has("caption"));
    }

    private void jsonLines(Consumer<Entry> out) throws IOException {
      Map<String, SplitSeen> splits = new HashMap<>();
      for (int i = 0; i < head.size(); i++) {
        jsonLine(headNumbers.get(i), head.get(i), splits, out);
      }
      for (String line = lines.next(); line != null; line = lines.next()) {
        jsonLine(lines.number(), line, splits, out);
      }
    }

    private record SplitSeen(@Nullable String split, long line) {}

    private void jsonLine(long number, String line, Map<String, SplitSeen> splits, Consumer<Entry> out)
        throws DataFileException {
      if (line.isBlank()) {
        return;
      }
      try {
        JsonObject object = JsonLines.object(file, number, line);
        String where = file + ":" + number;
        String id = imageId(object, problem -> DataFileException.atLine(file, number, problem));
        String caption = caption(object, problem -> DataFileException.atLine(file, number, problem));
        JsonElement split = object.get("split");
        if (split != null && !JsonLines.isString(split)) {
          throw DataFileException.atLine(file, number, "\"split\" is " + split + ", not a string");
        }
        String splitName = split == null ? null : split.getAsString();
        SplitSeen seen = splits.putIfAbsent(id, new SplitSeen(splitName, number));
        if (seen != null && !Objects.equals(seen.split(), splitName)) {
          throw DataFileException.atLine(
              file,
              number,
              "image " + id + " is in split " + quoted(splitName) + " here but in " + quoted(seen.split()) + " at line " + seen.line());
        }
        out.accept(new Entry(id, splitName, caption, where));
      } catch (DataFileException e) {
        bad.reject(e);
      }
    }

    private static String quoted(@Nullable String split) {
      return split == null ? "none" : "\"" + split + "\"";
    }

    /**
     * Reads the rest of the file as one JSON document. {@code multiLine}: the first line did not
     * parse alone and the second is no JSON object either, so the file cannot be JSON lines.
     */
    private Format document(Consumer<Entry> out, boolean multiLine) throws IOException {
      StringBuilder text = new StringBuilder();
      for (String line : head) {
        text.append(line).append('\n');
      }
      lines.badRows(BadRows.fail()); // a document has no rows to skip: any bad line breaks it
      for (String line = lines.next(); line != null; line = lines.next()) {
        text.append(line).append('\n');
      }
      JsonObject document;
      try {
        // Blank lines before the first were read too, so the parser's line numbers are the file's.
        document = StrictJson.parse(text.toString()).getAsJsonObject();
      } catch (StrictJson.SyntaxError e) {
        throw DataFileException.inFile(
            file,
            multiLine
                ? "neither JSON lines (the first lines are not JSON objects) nor a COCO captions document (" + e.getMessage() + ")"
                : "not one JSON document (" + e.getMessage() + ")");
      }
      text.setLength(0);
      if (document.has("annotations")) {
        coco(document, out);
        return Format.COCO;
      }
      if (document.has("images")) {
        karpathy(document, out);
        return Format.KARPATHY;
      }
      throw DataFileException.inFile(
          file, "a JSON object with neither \"annotations\" (COCO captions) nor \"images\" (Karpathy splits)");
    }

    private void coco(JsonObject document, Consumer<Entry> out) throws DataFileException {
      JsonElement annotations = document.get("annotations");
      if (!annotations.isJsonArray()) {
        throw DataFileException.inFile(file, "\"annotations\" is not an array");
      }
      JsonArray array = annotations.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        String record = "annotations[" + i + "]";
        try {
          if (!array.get(i).isJsonObject()) {
            throw DataFileException.atRecord(file, record, "not an object");
          }
          JsonObject object = array.get(i).getAsJsonObject();
          String id = imageId(object, problem -> DataFileException.atRecord(file, record, problem));
          String caption = caption(object, problem -> DataFileException.atRecord(file, record, problem));
          out.accept(new Entry(id, null, caption, file + ": " + record));
        } catch (DataFileException e) {
          bad.reject(e);
        }
      }
    }

    private void karpathy(JsonObject document, Consumer<Entry> out) throws DataFileException {
      JsonElement images = document.get("images");
      if (!images.isJsonArray()) {
        throw DataFileException.inFile(file, "\"images\" is not an array");
      }
      JsonArray array = images.getAsJsonArray();
      if (!array.isEmpty() && array.get(0).isJsonObject() && !array.get(0).getAsJsonObject().has("sentences")) {
        throw DataFileException.inFile(
            file,
            "neither COCO captions (no \"annotations\") nor Karpathy splits (images[0] has no \"sentences\")");
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < array.size(); i++) {
        String record = "images[" + i + "]";
        List<Entry> entries = new ArrayList<>();
        try {
          if (!array.get(i).isJsonObject()) {
            throw DataFileException.atRecord(file, record, "not an object");
          }
          JsonObject image = array.get(i).getAsJsonObject();
          String id = karpathyId(record, image);
          JsonElement split = image.get("split");
          if (split != null && !JsonLines.isString(split)) {
            throw DataFileException.atRecord(file, record, "\"split\" is " + split + ", not a string");
          }
          Integer before = seen.putIfAbsent(id, i);
          if (before != null) {
            throw DataFileException.atRecord(file, record, "image id " + id + " repeats images[" + before + "]");
          }
          JsonElement sentences = image.get("sentences");
          if (sentences == null || !sentences.isJsonArray()) {
            throw DataFileException.atRecord(file, record, "needs \"sentences\", an array");
          }
          JsonArray list = sentences.getAsJsonArray();
          for (int j = 0; j < list.size(); j++) {
            String sentence = record + ".sentences[" + j + "]";
            try {
              entries.add(new Entry(id, split == null ? null : split.getAsString(), raw(sentence, list.get(j)), file + ": " + sentence));
            } catch (DataFileException e) {
              bad.reject(e);
            }
          }
        } catch (DataFileException e) {
          bad.reject(e);
          continue;
        }
        entries.forEach(out);
      }
    }

    private String karpathyId(String record, JsonObject image) throws DataFileException {
      if (image.has("cocoid")) {
        return imageId(image.get("cocoid"), "cocoid", problem -> DataFileException.atRecord(file, record, problem));
      }
      JsonElement name = image.get("filename");
      if (!JsonLines.isString(name) || name.getAsString().isBlank()) {
        throw DataFileException.atRecord(file, record, "needs \"cocoid\" or \"filename\" to give the image id");
      }
      String filename = name.getAsString();
      int dot = filename.lastIndexOf('.');
      return dot > filename.lastIndexOf('/') + 1 ? filename.substring(0, dot) : filename;
    }

    private String raw(String record, JsonElement sentence) throws DataFileException {
      if (!sentence.isJsonObject()) {
        throw DataFileException.atRecord(file, record, "not an object");
      }
      JsonElement raw = sentence.getAsJsonObject().get("raw");
      if (raw == null) {
        throw DataFileException.atRecord(file, record, "missing \"raw\"");
      }
      if (!JsonLines.isString(raw)) {
        throw DataFileException.atRecord(file, record, "\"raw\" is " + raw + ", not a string");
      }
      String text = raw.getAsString().strip();
      if (text.isEmpty()) {
        throw DataFileException.atRecord(file, record, "\"raw\" is empty");
      }
      return text;
    }
  }

  /** Makes the exception for a problem at the record being read. */
  private interface Problem {
    DataFileException at(String problem);
  }

  private static String imageId(JsonObject object, Problem problem) throws DataFileException {
    return imageId(object.get("image_id"), "image_id", problem);
  }

  private static String imageId(@Nullable JsonElement id, String field, Problem problem) throws DataFileException {
    if (id == null || !id.isJsonPrimitive() || id.getAsJsonPrimitive().isBoolean()) {
      throw problem.at("needs \"" + field + "\", a string or a number");
    }
    JsonPrimitive primitive = id.getAsJsonPrimitive();
    String value = primitive.isNumber() ? primitive.getAsBigDecimal().toPlainString() : primitive.getAsString();
    if (value.isBlank()) {
      throw problem.at("\"" + field + "\" is blank");
    }
    return value;
  }

  private static String caption(JsonObject object, Problem problem) throws DataFileException {
    JsonElement caption = object.get("caption");
    if (!JsonLines.isString(caption)) {
      throw problem.at("needs \"caption\", a string");
    }
    String text = caption.getAsString().strip();
    if (text.isEmpty()) {
      throw problem.at("\"caption\" is empty");
    }
    return text;
  }
}
