package org.unimo.tasks.finetune.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;
import org.unimo.tasks.formats.JsonLines;

/**
 * The Karpathy splits of COCO, Flickr30k and Flickr8k ({@code dataset_coco.json}, {@code
 * dataset_flickr30k.json}, {@code dataset_flickr8k.json}), which image captioning and image-text
 * retrieval papers (UNIMO's among them) train and test on.
 *
 * <pre>{@code
 * {"images": [{"filepath": "val2014", "filename": "COCO_val2014_000000391895.jpg", "imgid": 0, "split": "test",
 *              "sentences": [{"tokens": ["a", "man", ...], "raw": "A man with a red helmet ...", "imgid": 0, "sentid": 0}, ...],
 *              "sentids": [0, 1, 2, 3, 4], "cocoid": 391895}, ...],
 *  "dataset": "coco"}
 * }</pre>
 *
 * <p>Read are, per image, {@code "filename"}, {@code "split"}, the optional {@code "cocoid"} (COCO
 * only) and the {@code "raw"} text of every entry of {@code "sentences"}; the image id is the
 * {@code cocoid} when there is one, else the file name without its extension (Flickr30k's {@code
 * "1000092795.jpg"} gives {@code "1000092795"}, its region features' key). Karpathy's {@code
 * tokens} (lowercased, punctuation dropped) are not read: the model tokenizes the raw text itself.
 * Other fields ({@code filepath}, {@code imgid}, {@code sentids}, {@code sentid}, {@code
 * dataset}) are skipped.
 *
 * <p>The splits are {@link #SPLITS}. COCO's file has 113,287 training images when {@code
 * "restval"} (30,504 images of COCO's val2014 that are neither in Karpathy's val nor test) is
 * merged into {@code "train"} (82,783), as is usual, and 5,000 each in {@code "val"} and {@code
 * "test"}: read it with {@code Set.of("train", "restval")} for training. Flickr30k's file has
 * 29,000 train, 1,014 val and 1,000 test images and no restval.
 *
 * <p>The file is streamed with Gson's {@link JsonReader} (strict RFC 8259), one image at a time,
 * so COCO's 100 MB file takes no more heap than the images kept; strict UTF-8, {@code .gz} read as
 * gzip. An image entry that is not an object, misses or mistypes a field, has an unknown split, no
 * sentences, a blank caption or the id of an earlier image is a bad row for the {@link BadRows}
 * policy, named by file, line and record ({@code dataset_coco.json:1: images[12].sentences[3]:
 * missing "raw"}; Karpathy's files are one line, so the record says where); a syntax error, bytes
 * that are not UTF-8 or a file without an {@code "images"} array stop the read, named by file and
 * line.
 *
 * <pre>{@code
 * List<KarpathyImage> train = KarpathySplit.read(Path.of("dataset_coco.json"), Set.of("train", "restval"), BadRows.fail());
 * List<KarpathyImage> test = KarpathySplit.read(Path.of("dataset_coco.json"), Set.of("test"), BadRows.fail());
 * try (DataReader<KarpathyImage> images = KarpathySplit.open(Path.of("dataset_flickr30k.json"), BadRows.skip())) {
 *   while (images.hasNext()) {
 *     KarpathyImage image = images.next(); // "1000092795", "1000092795.jpg", "train", [5 captions]
 *   }
 * }
 * }</pre>
 */
public final class KarpathySplit {
  /** The split names of the files: {@code restval} is usually merged into {@code train}. */
  public static final List<String> SPLITS = List.of("train", "restval", "val", "test");

  private KarpathySplit() {}

  /**
   * Opens {@code file} to read its images of every split one by one.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   * @throws DataFileException if it is not a JSON object with an {@code "images"} array (found
   *     before the first image is read)
   */
  public static DataReader<KarpathyImage> open(Path file, BadRows bad) throws IOException {
    return open(file, Set.copyOf(SPLITS), bad);
  }

  /**
   * Opens {@code file} to read its images of {@code splits} one by one (the others are checked and
   * skipped).
   *
   * @throws IllegalArgumentException if {@code splits} is empty or names a split not in {@link
   *     #SPLITS}
   */
  public static DataReader<KarpathyImage> open(Path file, Set<String> splits, BadRows bad) throws IOException {
    checkSplits(splits);
    return new Reader(file, Set.copyOf(splits), bad);
  }

  /**
   * Every image of {@code file}, in file order.
   *
   * @throws DataFileException also when the file has no image
   */
  public static List<KarpathyImage> read(Path file, BadRows bad) throws IOException {
    return read(file, Set.copyOf(SPLITS), bad);
  }

  /**
   * The images of {@code file} in {@code splits}, in file order: {@code Set.of("test")}, or {@code
   * Set.of("train", "restval")} for COCO's usual training set.
   *
   * @throws DataFileException also when no image is in {@code splits}
   * @throws IllegalArgumentException if {@code splits} is empty or names a split not in {@link
   *     #SPLITS}
   */
  public static List<KarpathyImage> read(Path file, Set<String> splits, BadRows bad) throws IOException {
    long badBefore = bad.count();
    List<KarpathyImage> images = new ArrayList<>();
    try (DataReader<KarpathyImage> reader = open(file, splits, bad)) {
      while (reader.hasNext()) {
        images.add(reader.next());
      }
    }
    if (images.isEmpty()) {
      long skipped = bad.count() - badBefore;
      String which = splits.containsAll(SPLITS) ? "" : " in split " + String.join(" or ", SPLITS.stream().filter(splits::contains).toList());
      throw DataFileException.inFile(file, "no images" + which + (skipped > 0 ? " (" + skipped + " bad rows skipped)" : ""));
    }
    return images;
  }

  private static void checkSplits(Set<String> splits) {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("no split to read; the splits: " + String.join(", ", SPLITS));
    }
    for (String split : splits) {
      if (!SPLITS.contains(split)) {
        throw new IllegalArgumentException("unknown split \"" + split + "\"; the splits: " + String.join(", ", SPLITS));
      }
    }
  }

  /** Streams the {@code "images"} array; see {@link #open}. Not thread-safe. */
  private static final class Reader implements DataReader<KarpathyImage> {
    private static final String EXPECTED = "not a JSON object with an \"images\" array";

    private final Path file;
    private final Set<String> splits;
    private final BadRows bad;
    private final StreamedJson document;
    private final JsonReader json;
    private final Map<String, String> ids = new HashMap<>();
    private int index;
    private boolean finished;
    private @Nullable KarpathyImage next;

    Reader(Path file, Set<String> splits, BadRows bad) throws IOException {
      this.file = file;
      this.splits = splits;
      this.bad = bad;
      this.document = StreamedJson.openArray(file, "images", "a Karpathy split file (dataset_coco.json)", EXPECTED);
      this.json = document.reader();
    }

    @Override
    public boolean hasNext() throws IOException {
      try {
        while (next == null && !finished) {
          if (!json.hasNext()) {
            finish();
            break;
          }
          String record = "images[" + index++ + "]";
          long line = document.line();
          JsonElement element = StreamedJson.element(json);
          try {
            KarpathyImage image = image(record, line, element);
            if (splits.contains(image.split())) {
              next = image;
            }
          } catch (DataFileException e) {
            bad.reject(e);
          }
        }
      } catch (DataFileException e) {
        throw e;
      } catch (IOException | IllegalStateException | JsonParseException e) {
        throw document.failure(e, EXPECTED);
      }
      return next != null;
    }

    @Override
    public KarpathyImage next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException("no more images in " + file);
      }
      KarpathyImage image = next;
      next = null;
      return image;
    }

    @Override
    public void close() throws IOException {
      document.close();
    }

    /** After the array: the rest of the object, then nothing. */
    private void finish() throws IOException {
      document.finishArray();
      finished = true;
    }

    private KarpathyImage image(String record, long line, JsonElement element) throws DataFileException {
      if (!element.isJsonObject()) {
        throw problem(line, record, "not an object");
      }
      JsonObject object = element.getAsJsonObject();
      String filename = string(line, record, object, "filename");
      String split = string(line, record, object, "split");
      if (!SPLITS.contains(split)) {
        throw problem(line, record, "unknown \"split\" \"" + JsonLines.shorten(split) + "\"; the splits: " + String.join(", ", SPLITS));
      }
      String id = object.has("cocoid") && !object.get("cocoid").isJsonNull() ? cocoid(line, record, object.get("cocoid")) : withoutExtension(filename);
      JsonElement sentences = object.get("sentences");
      if (sentences == null) {
        throw problem(line, record, "missing \"sentences\"");
      }
      if (!sentences.isJsonArray()) {
        throw problem(line, record, "\"sentences\" is not an array");
      }
      JsonArray array = sentences.getAsJsonArray();
      if (array.isEmpty()) {
        throw problem(line, record, "no sentences");
      }
      List<String> captions = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        String sentence = record + ".sentences[" + i + "]";
        if (!array.get(i).isJsonObject()) {
          throw problem(line, sentence, "not an object");
        }
        captions.add(string(line, sentence, array.get(i).getAsJsonObject(), "raw"));
      }
      String where = file + ":" + line + ": " + record;
      String before = ids.putIfAbsent(id, record);
      if (before != null) {
        throw problem(line, record, "image id " + id + " repeats " + before);
      }
      return new KarpathyImage(id, filename, split, captions, where);
    }

    private DataFileException problem(long line, String record, String problem) {
      return DataFileException.atLine(file, line, record + ": " + problem);
    }

    /** The stripped, non-blank string {@code field}. */
    private String string(long line, String record, JsonObject object, String field) throws DataFileException {
      JsonElement value = object.get(field);
      if (value == null) {
        throw problem(line, record, "missing \"" + field + "\"");
      }
      if (!JsonLines.isString(value)) {
        throw problem(line, record, "\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not a string");
      }
      String text = value.getAsString().strip();
      if (text.isEmpty()) {
        throw problem(line, record, "\"" + field + "\" is blank");
      }
      return text;
    }

    /** COCO's image id: an integer, as a string ({@code 391895}); a non-blank string as it is. */
    private String cocoid(long line, String record, JsonElement id) throws DataFileException {
      if (JsonLines.isString(id) && !id.getAsString().isBlank()) {
        return id.getAsString().strip();
      }
      if (id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()) {
        JsonPrimitive number = id.getAsJsonPrimitive();
        try {
          return new BigDecimal(number.getAsString()).toBigIntegerExact().toString();
        } catch (ArithmeticException | NumberFormatException e) {
          // not an integer: said below
        }
      }
      throw problem(line, record, "\"cocoid\" is " + JsonLines.shorten(id.toString()) + ", not an integer");
    }

    private static String withoutExtension(String filename) {
      String name = filename.substring(filename.lastIndexOf('/') + 1);
      int dot = name.lastIndexOf('.');
      return dot > 0 ? name.substring(0, dot) : name;
    }
  }
}
