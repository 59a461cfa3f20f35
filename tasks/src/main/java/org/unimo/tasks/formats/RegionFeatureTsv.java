package org.unimo.tasks.formats;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.training.AtomicFiles;

/**
 * Region features in the TSV layout of bottom-up attention (peteanderson80/bottom-up-attention,
 * {@code generate_tsv.py}), which UNIMO, UNITER and OSCAR tooling read too: one image per line,
 * tab-separated, no header.
 *
 * <pre>
 * column  name       value
 * 1       image_id   the image's id (COCO: the number; any text without tabs)
 * 2       image_w    width in pixels, a positive integer
 * 3       image_h    height in pixels, a positive integer
 * 4       num_boxes  n, an integer in 0..{@value #MAX_BOXES}
 * 5       boxes      base64 of float32 little-endian [n, 4]: x1, y1, x2, y2 in pixels
 * 6       features   base64 of float32 little-endian [n, D]
 * 7       cls_prob   optional (this toolkit's extension): base64 of float32 little-endian [n, C],
 *                    the detector's class distribution per box, soft labels for masked region
 *                    classification
 * </pre>
 *
 * <p>Every row of a file has the same D and either no row or every row has a cls_prob column of
 * the same C. A box lies inside its image ({@code 0 <= x1 <= x2 <= image_w}, likewise y) and every
 * value is finite. A name ending in {@code .gz} is gzip. Lines are long (100 boxes of 2048
 * floats are 1.1 MB of base64), so the reader holds one at a time. {@link RegionFeatureIndex}
 * reads the rows of chosen images by id, holding only where each is.
 *
 * <pre>{@code
 * try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(Path.of("trainval_36.tsv"), 2048, BadRows.fail())) {
 *   while (rows.hasNext()) {
 *     RegionFeatureTsv.Row row = rows.next();
 *     float[][] boxes = row.normalizedBoxes(); // [n][5], as the model's image input takes them
 *   }
 * }
 * }</pre>
 */
public final class RegionFeatureTsv {
  /** The most boxes a row may have; bottom-up attention keeps 10 to 100. */
  public static final int MAX_BOXES = 1000;

  /** The column names, in order; the last is optional. */
  public static final List<String> COLUMNS =
      List.of("image_id", "image_w", "image_h", "num_boxes", "boxes", "features", "cls_prob");

  private RegionFeatureTsv() {}

  /**
   * One image's regions.
   *
   * <p>The arrays are the reader's, not copied: treat them as read-only. {@link #equals} compares
   * them by content (floats bit for bit).
   *
   * @param imageId column 1
   * @param width image width in pixels
   * @param height image height in pixels
   * @param boxes [n][4]: x1, y1, x2, y2 in pixels
   * @param features [n][D]
   * @param classProbs [n][C], or null when the file has no cls_prob column
   * @param where {@code file:line} of the row, for messages about it
   */
  public record Row(
      String imageId,
      int width,
      int height,
      float[][] boxes,
      float[][] features,
      float @Nullable [][] classProbs,
      String where) {
    public Row {
      requireNonNull(imageId, "imageId");
      requireNonNull(boxes, "boxes");
      requireNonNull(features, "features");
      requireNonNull(where, "where");
    }

    /** The number of boxes, n. */
    public int numBoxes() {
      return boxes.length;
    }

    /**
     * The boxes as the model's image input takes them, [n][5]: x1/w, y1/h, x2/w, y2/h and the area
     * (x2-x1)(y2-y1)/(w h). Computed in float arithmetic in exactly this form ({@code x1 / (float)
     * w}, {@code ((x2 - x1) * (y2 - y1)) / ((float) w * h)}), so boxes in whole pixels give
     * bit for bit the floats of a generator that normalized the same whole pixels the same way:
     * the shapes world does ({@code (float) x / size}, {@code (float) bw * bh / ((float) size *
     * size)}), and its export reads back unchanged.
     */
    public float[][] normalizedBoxes() {
      float[][] normalized = new float[boxes.length][];
      for (int i = 0; i < boxes.length; i++) {
        float x1 = boxes[i][0];
        float y1 = boxes[i][1];
        float x2 = boxes[i][2];
        float y2 = boxes[i][3];
        normalized[i] =
            new float[] {
              x1 / (float) width,
              y1 / (float) height,
              x2 / (float) width,
              y2 / (float) height,
              ((x2 - x1) * (y2 - y1)) / ((float) width * height)
            };
      }
      return normalized;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Row r
          && imageId.equals(r.imageId)
          && width == r.width
          && height == r.height
          && Arrays.deepEquals(boxes, r.boxes)
          && Arrays.deepEquals(features, r.features)
          && Arrays.deepEquals(classProbs, r.classProbs)
          && where.equals(r.where);
    }

    @Override
    public int hashCode() {
      return Objects.hash(imageId, width, height, Arrays.deepHashCode(features), where);
    }

    @Override
    public String toString() {
      return "Row[" + where + ", " + imageId + ", " + width + " x " + height + ", " + boxes.length + " boxes]";
    }
  }

  /**
   * Opens {@code file} to read its rows one by one.
   *
   * @param featureSize D, the floats per box every row must have; 0 to take it from the first row
   *     with a box
   * @param bad what to do with a malformed row
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  public static Reader open(Path file, int featureSize, BadRows bad) throws IOException {
    if (featureSize < 0) {
      throw new IllegalArgumentException("featureSize: " + featureSize + " is negative (0 takes it from the file)");
    }
    return new Reader(LineReader.open(file, bad), featureSize, bad);
  }

  /**
   * Starts writing {@code file} (gzip when its name ends in .gz): to a temporary file beside it,
   * renamed over it by {@link Writer#commit}.
   */
  public static Writer writer(Path file) throws IOException {
    return new Writer(file);
  }

  /** Reads the rows of one file; see {@link #open}. Not thread-safe. */
  public static final class Reader extends LineRows<Row> {
    private final RowParser parser;

    private Reader(LineReader lines, int featureSize, BadRows bad) {
      super(lines, bad);
      this.parser = new RowParser(lines.file(), featureSize);
    }

    /** D: as given to {@link #open}, else from the first row with a box; 0 until then. */
    public int featureSize() {
      return parser.featureSize;
    }

    /**
     * C, the cls_prob width: 0 when the file has no cls_prob column, -1 until a row with a box has
     * said.
     */
    public int classCount() {
      return Boolean.FALSE.equals(parser.hasClassProbs) ? 0 : parser.classCount;
    }

    @Override
    protected Row parse(String line) throws DataFileException {
      return parser.parse(line, lines.number());
    }
  }

  /**
   * The parsing of a {@link Reader}: the rows of one file, each checked against what the good rows
   * before it settled (D, whether there is a cls_prob column, its width). Apart from a reader so
   * that {@link RegionFeatureIndex} can parse a line it found by its byte offset exactly as the
   * reader parsed it. Not thread-safe.
   */
  static final class RowParser {
    private final Path file;
    private final boolean featureSizeGiven;
    private int featureSize;
    private long featureSizeLine;
    private @Nullable Boolean hasClassProbs;
    private long classProbsLine;
    private int classCount = -1;
    private long number;

    /** @param featureSize D, or 0 to take it from the first row with a box */
    RowParser(Path file, int featureSize) {
      this.file = file;
      this.featureSizeGiven = featureSize > 0;
      this.featureSize = featureSize;
    }

    private DataFileException bad(String problem) {
      return DataFileException.atLine(file, number, problem);
    }

    /** The row of {@code line}, line {@code number} of the file (not blank). */
    Row parse(String line, long number) throws DataFileException {
      this.number = number;
      String[] columns = line.split("\t", -1);
      if (columns.length != 6 && columns.length != 7) {
        throw bad(
            "expected 6 or 7 tab-separated columns (image_id, image_w, image_h, num_boxes, boxes, features[, cls_prob]),"
                + " found " + columns.length + (columns.length == 1 ? " (no tab in the line)" : ""));
      }
      String imageId = columns[0];
      if (imageId.isBlank()) {
        throw bad("image_id (column 1) is empty");
      }
      int width = integer(columns, 1);
      int height = integer(columns, 2);
      int n = integer(columns, 3);
      if (width <= 0 || height <= 0) {
        throw bad("image size " + width + " x " + height + " (columns 2, 3) is not positive");
      }
      if (n < 0 || n > MAX_BOXES) {
        throw bad("num_boxes (column 4): " + n + " is not in 0.." + MAX_BOXES);
      }
      boolean classProbsHere = columns.length == 7;
      if (hasClassProbs != null && hasClassProbs != classProbsHere) {
        throw bad(
            (classProbsHere ? "a cls_prob column (column 7), but line " : "no cls_prob column (column 7), but line ")
                + classProbsLine + (hasClassProbs ? " had one" : " had none")
                + ": every row of a file must agree");
      }
      float[][] boxes = floats(columns, 4, n, 4, "");
      float[][] features =
          floats(columns, 5, n, featureSize, featureSize == 0 ? "" : featureSizeGiven ? " (the feature size asked for)" : " (the feature size of line " + featureSizeLine + ")");
      float[][] classProbs =
          classProbsHere
              ? floats(columns, 6, n, Math.max(classCount, 0), classCount <= 0 ? "" : " (the cls_prob width of line " + classProbsLine + ")")
              : null;
      String problem = problem(width, height, boxes, features, classProbs);
      if (problem != null) {
        throw bad(problem);
      }
      // Only a good row settles what the rest of the file must agree with.
      if (hasClassProbs == null) {
        hasClassProbs = classProbsHere;
        classProbsLine = number;
      }
      if (n > 0 && featureSize == 0) {
        featureSize = features[0].length;
        featureSizeLine = number;
      }
      if (n > 0 && classProbs != null && classCount < 0) {
        classCount = classProbs[0].length;
        classProbsLine = number;
      }
      return new Row(imageId, width, height, boxes, features, classProbs, file + ":" + number);
    }

    private int integer(String[] columns, int index) throws DataFileException {
      String value = columns[index];
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        String header = number == 1 && value.equals(COLUMNS.get(index)) ? " (a header line? the layout has none)" : "";
        throw bad(COLUMNS.get(index) + " (column " + (index + 1) + "): \"" + JsonLines.shorten(value) + "\" is not an integer" + header);
      }
    }

    /**
     * Column {@code index} decoded to [n][width] floats; {@code width} 0 means any whole number
     * of floats per box, which the data then tells.
     */
    private float[][] floats(String[] columns, int index, int n, int width, String whence) throws DataFileException {
      String name = COLUMNS.get(index) + " (column " + (index + 1) + ")";
      String text = columns[index];
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        String hint =
            text.startsWith("b'")
                ? "; it looks like a Python bytes literal: write base64.b64encode(array).decode()"
                : "";
        throw bad(name + ": not base64 (" + e.getMessage() + ")" + hint);
      }
      if (n == 0) {
        if (bytes.length != 0) {
          throw bad(name + ": " + bytes.length + " bytes for 0 boxes");
        }
        return new float[0][];
      }
      int perBox = width;
      if (perBox == 0) {
        if (bytes.length == 0 || bytes.length % (4 * n) != 0) {
          throw bad(name + ": " + bytes.length + " bytes is not num_boxes (" + n + ") x a whole, positive number of float32 values");
        }
        perBox = bytes.length / (4 * n);
      } else if ((long) bytes.length != 4L * n * perBox) {
        String found =
            bytes.length % (4 * n) == 0
                ? ": " + boxes(n) + " of " + bytes.length / (4 * n) + " floats, expected " + perBox + whence
                : ": " + bytes.length + " bytes, expected num_boxes (" + n + ") x " + perBox + " floats x 4 bytes = " + 4L * n * perBox;
        throw bad(name + found);
      }
      FloatBuffer values = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[][] rows = new float[n][perBox];
      for (float[] row : rows) {
        values.get(row);
      }
      return rows;
    }
  }

  /**
   * What is wrong with a row's values, or null: a non-finite value, a box that is not inside its
   * image, a negative class probability, rows of different widths. The reader and the writer
   * check the same, so what one writes the other reads.
   */
  private static @Nullable String problem(
      int width, int height, float[][] boxes, float[][] features, float @Nullable [][] classProbs) {
    for (int i = 0; i < boxes.length; i++) {
      float[] b = boxes[i];
      if (b.length != 4) {
        return "boxes[" + i + "] has " + b.length + " values, expected 4";
      }
      String finite = nonFinite("boxes", i, b);
      if (finite != null) {
        return finite;
      }
      String box = "boxes (column 5): boxes[" + i + "] = (" + b[0] + ", " + b[1] + ", " + b[2] + ", " + b[3] + ")";
      if (b[2] < b[0] || b[3] < b[1]) {
        return box + " has " + (b[2] < b[0] ? "x2 < x1" : "y2 < y1");
      }
      if (b[0] < 0 || b[1] < 0 || b[2] > width || b[3] > height) {
        return box + " is not inside the " + width + " x " + height + " image";
      }
    }
    String features1 = checkRows("features", features, boxes.length);
    if (features1 != null) {
      return features1;
    }
    if (classProbs != null) {
      String classes = checkRows("cls_prob", classProbs, boxes.length);
      if (classes != null) {
        return classes;
      }
      for (int i = 0; i < classProbs.length; i++) {
        for (int j = 0; j < classProbs[i].length; j++) {
          if (classProbs[i][j] < 0) {
            return "cls_prob (column 7): cls_prob[" + i + "][" + j + "] = " + classProbs[i][j] + " is negative";
          }
        }
      }
    }
    return null;
  }

  private static @Nullable String checkRows(String name, float[][] rows, int n) {
    if (rows.length != n) {
      return name + ": " + rows.length + " rows for " + boxes(n);
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != rows[0].length || rows[i].length == 0) {
        return name + "[" + i + "] has " + rows[i].length + " values, " + name + "[0] " + rows[0].length;
      }
      String finite = nonFinite(name, i, rows[i]);
      if (finite != null) {
        return finite;
      }
    }
    return null;
  }

  private static String boxes(int n) {
    return n == 1 ? "1 box" : n + " boxes";
  }

  private static @Nullable String nonFinite(String name, int row, float[] values) {
    for (int j = 0; j < values.length; j++) {
      if (!Float.isFinite(values[j])) {
        int column = COLUMNS.indexOf(name) + 1;
        return name + " (column " + column + "): " + name + "[" + row + "][" + j + "] is " + values[j];
      }
    }
    return null;
  }

  /**
   * Writes rows in the same layout, whole or not at all: to a temporary file that {@link #commit}
   * renames over the target; {@link #close} without a commit deletes it and leaves the target as
   * it was. Each row is checked as the reader checks it, and D and the presence and width of
   * cls_prob are fixed by the first row with a box. Not thread-safe.
   *
   * <pre>{@code
   * try (RegionFeatureTsv.Writer out = RegionFeatureTsv.writer(Path.of("features.tsv.gz"))) {
   *   out.write("57", 640, 480, new float[][] {{0, 0, 320, 240}}, new float[][] {{0.5f, 1.5f}}, null);
   *   out.commit();
   * }
   * }</pre>
   */
  public static final class Writer implements Closeable {
    private final Path file;
    private final AtomicFiles.Pending pending;
    private final OutputStream out;
    private final @Nullable GZIPOutputStream gzip;
    private long rows;
    private int featureSize;
    private @Nullable Boolean hasClassProbs;
    private int classCount;

    private Writer(Path file) throws IOException {
      this.file = file;
      this.pending = AtomicFiles.begin(file);
      try {
        this.gzip = LineReader.isGzip(file) ? new GZIPOutputStream(pending.stream(), 1 << 16) : null;
      } catch (IOException | RuntimeException e) {
        pending.close();
        throw e;
      }
      this.out = gzip != null ? gzip : pending.stream();
    }

    /** Rows written so far. */
    public long rows() {
      return rows;
    }

    /** Writes {@code row} (its {@code where} is not written). */
    public void write(Row row) throws IOException {
      write(row.imageId(), row.width(), row.height(), row.boxes(), row.features(), row.classProbs());
    }

    /**
     * Writes one image's regions.
     *
     * @param boxes [n][4]: x1, y1, x2, y2 in pixels, inside the image
     * @param features [n][D]
     * @param classProbs [n][C], or null for no cls_prob column (then for every row)
     * @throws IllegalArgumentException naming the file and the image if the row is not one the
     *     reader would accept, or does not agree with the rows before it
     */
    public void write(
        String imageId, int width, int height, float[][] boxes, float[][] features, float @Nullable [][] classProbs)
        throws IOException {
      String where = file + ": image " + imageId;
      if (imageId.isBlank() || imageId.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
        throw new IllegalArgumentException(where + ": an image id must be non-blank and hold no tab or line break");
      }
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException(where + ": image size " + width + " x " + height + " is not positive");
      }
      if (boxes.length > MAX_BOXES) {
        throw new IllegalArgumentException(where + ": " + boxes.length + " boxes, at most " + MAX_BOXES);
      }
      String problem = problem(width, height, boxes, features, classProbs);
      if (problem != null) {
        throw new IllegalArgumentException(where + ": " + problem);
      }
      if (hasClassProbs != null && hasClassProbs != (classProbs != null)) {
        throw new IllegalArgumentException(
            where + ": " + (classProbs != null ? "class probabilities, but the rows before had none" : "no class probabilities, but the rows before had them"));
      }
      if (boxes.length > 0) {
        if (featureSize > 0 && features[0].length != featureSize) {
          throw new IllegalArgumentException(where + ": " + features[0].length + " floats per box, the rows before " + featureSize);
        }
        if (classProbs != null && classCount > 0 && classProbs[0].length != classCount) {
          throw new IllegalArgumentException(where + ": " + classProbs[0].length + " classes, the rows before " + classCount);
        }
        featureSize = features[0].length;
        classCount = classProbs == null ? 0 : classProbs[0].length;
      }
      hasClassProbs = classProbs != null;
      out.write((imageId + "\t" + width + "\t" + height + "\t" + boxes.length + "\t").getBytes(StandardCharsets.UTF_8));
      out.write(base64(boxes, 4));
      out.write('\t');
      out.write(base64(features, featureSize));
      if (classProbs != null) {
        out.write('\t');
        out.write(base64(classProbs, classCount));
      }
      out.write('\n');
      rows++;
    }

    private static byte[] base64(float[][] rows, int width) {
      ByteBuffer bytes = ByteBuffer.allocate(4 * rows.length * width).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : rows) {
        bytes.asFloatBuffer().put(row);
        bytes.position(bytes.position() + 4 * row.length);
      }
      return Base64.getEncoder().encode(bytes.array());
    }

    /** Finishes the file and renames it over the target. */
    public void commit() throws IOException {
      if (gzip != null) {
        gzip.close(); // writes the trailer; the stream below it closes again in the commit, harmlessly
      }
      pending.commit();
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
      try {
        if (gzip != null) {
          gzip.close(); // frees the deflater; what it writes goes with the temporary file
        }
      } catch (IOException e) {
        // The file is being thrown away: a failing trailer write changes nothing.
      } finally {
        pending.close();
      }
    }
  }
}
