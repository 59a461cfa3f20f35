package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.formats.FormatFiles.base64;
import static org.unimo.tasks.formats.FormatFiles.bytes;
import static org.unimo.tasks.formats.FormatFiles.concat;
import static org.unimo.tasks.formats.FormatFiles.text;
import static org.unimo.tasks.formats.FormatFiles.utf8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionFeatureTsvTest {
  @TempDir Path dir;

  /** Two boxes in a 640 x 480 image, 3-d features, and 2 classes. */
  private static final String BOXES = base64(0, 0, 320, 240, 100.5f, 50, 640, 480);
  private static final String FEATURES = base64(1, 2, 3, 4, 5, 6);
  private static final String CLASSES = base64(0.25f, 0.75f, 1, 0);

  private static String row(String id, String... more) {
    return id + "\t640\t480\t2\t" + BOXES + "\t" + FEATURES + (more.length == 0 ? "" : "\t" + String.join("\t", more)) + "\n";
  }

  private static List<RegionFeatureTsv.Row> read(Path file, int featureSize, BadRows bad) throws Exception {
    List<RegionFeatureTsv.Row> rows = new ArrayList<>();
    try (RegionFeatureTsv.Reader reader = RegionFeatureTsv.open(file, featureSize, bad)) {
      while (reader.hasNext()) {
        rows.add(reader.next());
      }
    }
    return rows;
  }

  private void assertBad(String name, String content, int featureSize, String message) throws Exception {
    Path file = text(dir.resolve(name), content);
    assertThatThrownBy(() -> read(file, featureSize, BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(file + message);
  }

  @Test
  void readsTheBottomUpLayout() throws Exception {
    Path file = text(dir.resolve("features.tsv"), row("57") + row("COCO_val2014_000000000139"));
    List<RegionFeatureTsv.Row> rows = read(file, 0, BadRows.fail());
    assertThat(rows).hasSize(2);
    RegionFeatureTsv.Row first = rows.get(0);
    assertThat(first.imageId()).isEqualTo("57");
    assertThat(first.width()).isEqualTo(640);
    assertThat(first.height()).isEqualTo(480);
    assertThat(first.numBoxes()).isEqualTo(2);
    assertThat(first.boxes()).isEqualTo(new float[][] {{0, 0, 320, 240}, {100.5f, 50, 640, 480}});
    assertThat(first.features()).isEqualTo(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(first.classProbs()).isNull();
    assertThat(first.where()).isEqualTo(file + ":1");
    assertThat(rows.get(1).imageId()).isEqualTo("COCO_val2014_000000000139");
    assertThat(rows.get(1).where()).isEqualTo(file + ":2");
  }

  @Test
  void theSeventhColumnIsClsProb() throws Exception {
    Path file = text(dir.resolve("features.tsv.gz"), row("1", CLASSES) + row("2", CLASSES));
    try (RegionFeatureTsv.Reader reader = RegionFeatureTsv.open(file, 3, BadRows.fail())) {
      assertThat(reader.classCount()).isEqualTo(-1);
      RegionFeatureTsv.Row row = reader.next();
      assertThat(row.classProbs()).isEqualTo(new float[][] {{0.25f, 0.75f}, {1, 0}});
      assertThat(reader.featureSize()).isEqualTo(3);
      assertThat(reader.classCount()).isEqualTo(2);
    }
  }

  @Test
  void normalizedBoxesDivideInFloatArithmetic() throws Exception {
    Path file = text(dir.resolve("features.tsv"), row("57"));
    float[][] boxes = read(file, 3, BadRows.fail()).get(0).normalizedBoxes();
    assertThat(boxes[0]).containsExactly(0f, 0f, 0.5f, 0.5f, 0.25f);
    assertThat(boxes[1])
        .containsExactly(
            100.5f / (float) 640, 50 / (float) 480, 1f, 1f, ((640 - 100.5f) * (480 - 50f)) / ((float) 640 * 480));
  }

  @Test
  void eachMalformedLineIsNamedWithItsColumn() throws Exception {
    String good = row("1");
    assertBad("columns.tsv", good + "2\t640\t480\t2\t" + BOXES + "\n", 0,
        ":2: expected 6 or 7 tab-separated columns (image_id, image_w, image_h, num_boxes, boxes, features[, cls_prob]), found 5");
    assertBad("spaces.tsv", "1 640 480 2 a b\n", 0, ":1: expected 6 or 7 tab-separated columns (image_id, image_w, image_h,"
        + " num_boxes, boxes, features[, cls_prob]), found 1 (no tab in the line)");
    assertBad("header.tsv", "image_id\timage_w\timage_h\tnum_boxes\tboxes\tfeatures\n" + good, 0,
        ":1: image_w (column 2): \"image_w\" is not an integer (a header line? the layout has none)");
    assertBad("float.tsv", good + "2\t640.0\t480\t2\t" + BOXES + "\t" + FEATURES + "\n", 0,
        ":2: image_w (column 2): \"640.0\" is not an integer");
    assertBad("count.tsv", good + "2\t640\t480\ttwo\t" + BOXES + "\t" + FEATURES + "\n", 0,
        ":2: num_boxes (column 4): \"two\" is not an integer");
    assertBad("negative.tsv", "2\t640\t480\t-1\t\t\n", 0, ":1: num_boxes (column 4): -1 is not in 0..1000");
    assertBad("many.tsv", "2\t640\t480\t1001\t\t\n", 0, ":1: num_boxes (column 4): 1001 is not in 0..1000");
    assertBad("size.tsv", "2\t0\t480\t0\t\t\n", 0, ":1: image size 0 x 480 (columns 2, 3) is not positive");
    assertBad("id.tsv", "\t640\t480\t0\t\t\n", 0, ":1: image_id (column 1) is empty");
    assertBad("base64.tsv", good + "2\t640\t480\t2\t" + BOXES.replace('A', '_') + "\t" + FEATURES + "\n", 0,
        ":2: boxes (column 5): not base64 (Illegal base64 character 5f)");
    assertBad("python.tsv", "2\t640\t480\t2\tb'" + BOXES + "'\t" + FEATURES + "\n", 0,
        ":1: boxes (column 5): not base64 (Illegal base64 character 27); it looks like a Python bytes literal:"
            + " write base64.b64encode(array).decode()");
    assertBad("boxbytes.tsv", "2\t640\t480\t2\t" + base64(1, 2, 3, 4, 5, 6, 7) + "\t" + FEATURES + "\n", 0,
        ":1: boxes (column 5): 28 bytes, expected num_boxes (2) x 4 floats x 4 bytes = 32");
    assertBad("ragged.tsv", "2\t640\t480\t2\t" + BOXES + "\t" + base64(1, 2, 3, 4, 5) + "\n", 0,
        ":1: features (column 6): 20 bytes is not num_boxes (2) x a whole, positive number of float32 values");
    assertBad("zero.tsv", "2\t640\t480\t0\t\t" + base64(1) + "\n", 0, ":1: features (column 6): 4 bytes for 0 boxes");
  }

  @Test
  void theFeatureWidthIsTheOneAskedForOrTheFirstRows() throws Exception {
    String wide = "2\t640\t480\t2\t" + BOXES + "\t" + base64(1, 2, 3, 4, 5, 6, 7, 8) + "\n";
    assertBad("asked.tsv", row("1"), 4, ":1: features (column 6): 2 boxes of 3 floats, expected 4 (the feature size asked for)");
    assertBad("first.tsv", row("1") + wide, 0, ":2: features (column 6): 2 boxes of 4 floats, expected 3 (the feature size of line 1)");
    assertBad("odd.tsv", row("1") + "2\t640\t480\t2\t" + BOXES + "\t" + base64(1, 2, 3, 4, 5) + "\n", 0,
        ":2: features (column 6): 20 bytes, expected num_boxes (2) x 3 floats x 4 bytes = 24");
  }

  @Test
  void clsProbMustBeInEveryRowOrNoneWithOneWidth() throws Exception {
    assertBad("missing.tsv", row("1", CLASSES) + row("2"), 0,
        ":2: no cls_prob column (column 7), but line 1 had one: every row of a file must agree");
    assertBad("extra.tsv", row("1") + row("2", CLASSES), 0,
        ":2: a cls_prob column (column 7), but line 1 had none: every row of a file must agree");
    assertBad("width.tsv", row("1", CLASSES) + row("2", base64(1, 0, 0, 0, 1, 0)), 0,
        ":2: cls_prob (column 7): 2 boxes of 3 floats, expected 2 (the cls_prob width of line 1)");
    assertBad("negative-prob.tsv", row("1", base64(0.5f, 0.5f, -0.25f, 1.25f)), 0,
        ":1: cls_prob (column 7): cls_prob[1][0] = -0.25 is negative");
  }

  @Test
  void valuesMustBeFiniteAndBoxesInsideTheImage() throws Exception {
    assertBad("nan.tsv", "2\t640\t480\t2\t" + BOXES + "\t" + base64(1, 2, 3, 4, Float.NaN, 6) + "\n", 0,
        ":1: features (column 6): features[1][1] is NaN");
    assertBad("inf.tsv", "2\t640\t480\t1\t" + base64(0, 0, Float.POSITIVE_INFINITY, 1) + "\t" + base64(1) + "\n", 0,
        ":1: boxes (column 5): boxes[0][2] is Infinity");
    assertBad("outside.tsv", "2\t640\t480\t1\t" + base64(10, 5, 700, 30) + "\t" + base64(1) + "\n", 0,
        ":1: boxes (column 5): boxes[0] = (10.0, 5.0, 700.0, 30.0) is not inside the 640 x 480 image");
    assertBad("below.tsv", "2\t640\t480\t1\t" + base64(-1, 5, 70, 30) + "\t" + base64(1) + "\n", 0,
        ":1: boxes (column 5): boxes[0] = (-1.0, 5.0, 70.0, 30.0) is not inside the 640 x 480 image");
    assertBad("flipped.tsv", "2\t640\t480\t1\t" + base64(100, 5, 70, 30) + "\t" + base64(1) + "\n", 0,
        ":1: boxes (column 5): boxes[0] = (100.0, 5.0, 70.0, 30.0) has x2 < x1");
    assertBad("flipped-y.tsv", "2\t640\t480\t1\t" + base64(1, 50, 70, 30) + "\t" + base64(1) + "\n", 0,
        ":1: boxes (column 5): boxes[0] = (1.0, 50.0, 70.0, 30.0) has y2 < y1");
  }

  @Test
  void invalidUtf8AndTruncatedGzipNameTheLine() throws Exception {
    Path latin1 = bytes(dir.resolve("latin1.tsv"), concat(utf8(row("1")), utf8("caf"), new byte[] {(byte) 0xe9}, utf8(row(""))));
    assertThatThrownBy(() -> read(latin1, 0, BadRows.fail()))
        .hasMessage(latin1 + ":2: not UTF-8 text: byte 0xe9 at byte 4 of the line");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      rows.append(row(String.valueOf(i)));
    }
    Path cut = dir.resolve("cut.tsv.gz");
    Files.write(cut, FormatFiles.truncatedGzip(utf8(rows.toString()), 0.6));
    List<RegionFeatureTsv.Row> seen = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (RegionFeatureTsv.Reader reader = RegionFeatureTsv.open(cut, 0, BadRows.skip())) {
                while (reader.hasNext()) {
                  seen.add(reader.next());
                }
              }
            })
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith(cut + ":" + (seen.size() + 1) + ": truncated or corrupt gzip data");
    assertThat(seen).isNotEmpty();
  }

  @Test
  void skippingLeavesOutBadRowsAndCountsThem() throws Exception {
    Path file =
        text(
            dir.resolve("mixed.tsv"),
            row("1") + "2\t640\t480\t2\n" + row("3") + "4\t640\t480\t1\t" + base64(0, 0, 1, 1) + "\t" + base64(1, 2) + "\n" + "\n" + row("5"));
    BadRows bad = BadRows.skip();
    assertThat(read(file, 0, bad)).extracting(RegionFeatureTsv.Row::imageId).containsExactly("1", "3", "5");
    assertThat(bad.count()).isEqualTo(2);
    assertThat(bad.messages()).hasSize(2);
    assertThat(bad.messages().get(0)).startsWith(file + ":2: expected 6 or 7");
    assertThat(bad.messages().get(1)).isEqualTo(file + ":4: features (column 6): 1 box of 2 floats, expected 3 (the feature size of line 1)");
    assertThat(bad.report()).startsWith("skipped 2 bad rows: " + file + ":2: ");
  }

  @Test
  void aBadFirstRowDoesNotSetTheFeatureSize() throws Exception {
    Path file = text(dir.resolve("first-bad.tsv"), "1\t640\t480\t1\t" + base64(0, 0, 1, 1) + "\t" + base64(Float.NaN, 2) + "\n" + row("2"));
    BadRows bad = BadRows.skip();
    assertThat(read(file, 0, bad)).extracting(RegionFeatureTsv.Row::imageId).containsExactly("2");
    assertThat(bad.count()).isEqualTo(1);
  }

  @Test
  void theWriterWritesWhatTheReaderReadsBitForBit() throws Exception {
    float[][] boxes = {{0, 0, 10, 20}, {1.5f, 2.25f, 64, 48}};
    float[][] features = {{Float.MIN_VALUE, -0f, 1e-30f}, {Float.MAX_VALUE, 3.1415927f, -2}};
    float[][] classes = {{0.1f, 0.9f}, {0.5f, 0.5f}};
    for (String name : List.of("out.tsv", "out.tsv.gz")) {
      Path file = dir.resolve(name);
      try (RegionFeatureTsv.Writer writer = RegionFeatureTsv.writer(file)) {
        writer.write("a", 64, 48, boxes, features, classes);
        writer.write("empty", 64, 48, new float[0][], new float[0][], new float[0][]);
        writer.write("b", 100, 100, boxes, features, classes);
        assertThat(file).doesNotExist();
        writer.commit();
      }
      List<RegionFeatureTsv.Row> rows = read(file, 3, BadRows.fail());
      assertThat(rows)
          .containsExactly(
              new RegionFeatureTsv.Row("a", 64, 48, boxes, features, classes, file + ":1"),
              new RegionFeatureTsv.Row("empty", 64, 48, new float[0][], new float[0][], new float[0][], file + ":2"),
              new RegionFeatureTsv.Row("b", 100, 100, boxes, features, classes, file + ":3"));
      assertThat(rows.get(0).features()[0][1]).isEqualTo(-0f); // bit for bit: -0 stays -0
      assertThat(Float.floatToRawIntBits(rows.get(0).features()[0][1])).isEqualTo(Float.floatToRawIntBits(-0f));
    }
    assertThat(Files.readString(dir.resolve("out.tsv"))).startsWith("a\t64\t48\t2\t" + base64(0, 0, 10, 20, 1.5f, 2.25f, 64, 48) + "\t");
    try (var entries = Files.list(dir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("out.tsv", "out.tsv.gz");
    }
  }

  @Test
  void aWriterClosedWithoutCommitLeavesTheTargetAsItWas() throws Exception {
    Path file = text(dir.resolve("features.tsv"), "old\n");
    try (RegionFeatureTsv.Writer writer = RegionFeatureTsv.writer(file)) {
      writer.write("a", 64, 48, new float[][] {{0, 0, 1, 1}}, new float[][] {{1}}, null);
    }
    assertThat(Files.readString(file)).isEqualTo("old\n");
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(file);
    }
  }

  @Test
  void theWriterRefusesRowsTheReaderWouldRefuse() throws Exception {
    Path file = dir.resolve("refused.tsv");
    try (RegionFeatureTsv.Writer writer = RegionFeatureTsv.writer(file)) {
      float[][] box = {{0, 0, 1, 1}};
      assertThatThrownBy(() -> writer.write("a\tb", 64, 48, box, new float[][] {{1}}, null))
          .hasMessage(file + ": image a\tb: an image id must be non-blank and hold no tab or line break");
      assertThatThrownBy(() -> writer.write("a", 64, 48, new float[][] {{0, 0, 65, 1}}, new float[][] {{1}}, null))
          .hasMessage(file + ": image a: boxes (column 5): boxes[0] = (0.0, 0.0, 65.0, 1.0) is not inside the 64 x 48 image");
      assertThatThrownBy(() -> writer.write("a", 64, 48, box, new float[][] {{Float.NaN}}, null))
          .hasMessage(file + ": image a: features (column 6): features[0][0] is NaN");
      assertThatThrownBy(() -> writer.write("a", 64, 48, box, new float[][] {{1}, {2}}, null))
          .hasMessage(file + ": image a: features: 2 rows for 1 box");
      writer.write("a", 64, 48, box, new float[][] {{1}}, null);
      assertThatThrownBy(() -> writer.write("b", 64, 48, box, new float[][] {{1, 2}}, null))
          .hasMessage(file + ": image b: 2 floats per box, the rows before 1");
      assertThatThrownBy(() -> writer.write("b", 64, 48, box, new float[][] {{1}}, new float[][] {{1}}))
          .hasMessage(file + ": image b: class probabilities, but the rows before had none");
      assertThat(writer.rows()).isEqualTo(1);
    }
  }
}
