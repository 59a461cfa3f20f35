package org.unimo.tasks.finetune.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;
import org.unimo.tasks.formats.JsonLines;
import org.unimo.tasks.formats.LineReader;
import org.unimo.tasks.formats.LineRows;

/**
 * SNLI-VE (visual entailment) as its authors publish it: {@code snli_ve_train.jsonl}, {@code
 * snli_ve_dev.jsonl}, {@code snli_ve_test.jsonl}, one JSON object per line.
 *
 * <pre>{@code
 * {"Flikr30kID": "2248275918.jpg", "sentence2": "The church is filled with song.", "gold_label": "entailment",
 *  "pairID": "3416050480.jpg#4r1e", "sentence1": "This church choir sings to the masses ...", ...}
 * }</pre>
 *
 * <p>Read are {@code "Flikr30kID"} (misspelt so in the data; {@code "Flickr30kID"} is accepted
 * when it is absent), the image's file name, whose name without extension is the image id; {@code
 * "sentence2"}, the hypothesis (the premise {@code sentence1} is SNLI's caption of the image and
 * is not read: the image takes its place); {@code "gold_label"}, one of {@link #LABELS}; and the
 * optional {@code "pairID"}. Other fields are ignored. A line that is not a JSON object, or misses
 * a field, or has another label (SNLI's {@code "-"} for no consensus, which SNLI-VE left out) is a
 * bad row named by file and line. Strict UTF-8, {@code .gz} read as gzip, blank lines skipped.
 *
 * <pre>{@code
 * List<SnliVeExample> dev = SnliVe.read(Path.of("snli_ve_dev.jsonl"), BadRows.fail());
 * }</pre>
 */
public final class SnliVe {
  /** The labels, in index order. */
  public static final List<String> LABELS = List.of("entailment", "neutral", "contradiction");

  private SnliVe() {}

  /**
   * Opens {@code file} to read its examples one by one.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static DataReader<SnliVeExample> open(Path file, BadRows bad) throws IOException {
    return new Reader(LineReader.open(file, bad), bad);
  }

  /**
   * Every example of {@code file}, in file order.
   *
   * @throws DataFileException also when the file has no example
   */
  public static List<SnliVeExample> read(Path file, BadRows bad) throws IOException {
    return DataReader.readAll(open(file, bad), file, bad);
  }

  private static final class Reader extends LineRows<SnliVeExample> {
    Reader(LineReader lines, BadRows bad) {
      super(lines, bad);
    }

    private DataFileException bad(String problem) {
      return DataFileException.atLine(lines.file(), lines.number(), problem);
    }

    @Override
    protected SnliVeExample parse(String line) throws DataFileException {
      JsonObject object = JsonLines.object(lines.file(), lines.number(), line);
      String imageField = object.has("Flikr30kID") || !object.has("Flickr30kID") ? "Flikr30kID" : "Flickr30kID";
      String image = string(object, imageField);
      int dot = image.lastIndexOf('.');
      String imageId = dot > image.lastIndexOf('/') + 1 ? image.substring(image.lastIndexOf('/') + 1, dot) : image.substring(image.lastIndexOf('/') + 1);
      String hypothesis = string(object, "sentence2");
      String gold = string(object, "gold_label");
      int label = LABELS.indexOf(gold);
      if (label < 0) {
        throw bad("unknown \"gold_label\" \"" + JsonLines.shorten(gold) + "\"; the labels: " + String.join(", ", LABELS));
      }
      JsonElement pair = object.get("pairID");
      @Nullable String pairId = JsonLines.isString(pair) ? pair.getAsString() : null;
      return new SnliVeExample(imageId, hypothesis, label, pairId, lines.file() + ":" + lines.number());
    }

    /** The stripped, non-blank string {@code field}. */
    private String string(JsonObject object, String field) throws DataFileException {
      JsonElement value = object.get(field);
      if (value == null) {
        throw bad("missing \"" + field + "\"");
      }
      if (!JsonLines.isString(value)) {
        throw bad("\"" + field + "\" is " + JsonLines.shorten(value.toString()) + ", not a string");
      }
      String text = value.getAsString().strip();
      if (text.isEmpty()) {
        throw bad("\"" + field + "\" is empty");
      }
      return text;
    }
  }
}
