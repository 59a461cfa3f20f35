package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.formats.FormatFiles.base64;
import static org.unimo.tasks.formats.FormatFiles.concat;
import static org.unimo.tasks.formats.FormatFiles.text;
import static org.unimo.tasks.formats.FormatFiles.utf8;

import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.graph.ImageRegions;

class RegionFeatureIndexTest {
  @TempDir Path dir;

  /** Lines of 1 to 4 regions of this many floats are 8 to 32 KB of base64: some cross the reader's 64 KiB buffer. */
  private static final int D = 1500;

  /**
   * Writes {@code count} rows of random regions (0 to 4 boxes; values that only compare equal bit
   * for bit: -0, subnormals, fractions) with ids {@code prefix0, prefix1, ...}.
   */
  private static Path write(Path file, String prefix, int count, int classes, long seed) throws Exception {
    Random random = new Random(seed);
    try (RegionFeatureTsv.Writer out = RegionFeatureTsv.writer(file)) {
      for (int r = 0; r < count; r++) {
        int n = r == 1 ? 0 : 1 + random.nextInt(4);
        int width = 100 + random.nextInt(900);
        int height = 100 + random.nextInt(900);
        float[][] boxes = new float[n][];
        float[][] features = new float[n][D];
        float[][] classProbs = classes == 0 ? null : new float[n][classes];
        for (int i = 0; i < n; i++) {
          float x1 = random.nextInt(width / 2) + random.nextFloat();
          float y1 = random.nextInt(height / 2) + random.nextFloat();
          boxes[i] = new float[] {x1, y1, x1 + random.nextInt(width / 2 - 1), y1 + random.nextInt(height / 2 - 1)};
          for (int j = 0; j < D; j++) {
            features[i][j] = switch (j % 4) {
              case 0 -> -0f;
              case 1 -> Float.MIN_VALUE * random.nextInt(1000);
              default -> (float) random.nextGaussian() * 10;
            };
          }
          if (classProbs != null) {
            for (int c = 0; c < classes; c++) {
              classProbs[i][c] = random.nextFloat();
            }
          }
        }
        out.write(prefix + r, width, height, boxes, features, classProbs);
      }
      out.commit();
    }
    return file;
  }

  /** The files' regions as the streaming reader gives them, by image id, in file order. */
  private static Map<String, ImageRegions> streamed(List<Path> files) throws Exception {
    Map<String, ImageRegions> regions = new LinkedHashMap<>();
    for (Path file : files) {
      try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(file, 0, BadRows.fail())) {
        while (rows.hasNext()) {
          RegionFeatureTsv.Row row = rows.next();
          regions.put(row.imageId(), new ImageRegions(row.features(), row.normalizedBoxes()));
        }
      }
    }
    return regions;
  }

  private static int[][] bits(float[][] values) {
    int[][] bits = new int[values.length][];
    for (int i = 0; i < values.length; i++) {
      bits[i] = new int[values[i].length];
      for (int j = 0; j < values[i].length; j++) {
        bits[i][j] = Float.floatToRawIntBits(values[i][j]);
      }
    }
    return bits;
  }

  private static void assertSameBits(ImageRegions actual, ImageRegions expected, String id) {
    assertThat(bits(actual.features())).as("features of %s", id).isEqualTo(bits(expected.features()));
    assertThat(bits(actual.boxes())).as("boxes of %s", id).isEqualTo(bits(expected.boxes()));
  }

  /** Three files: plain; with cls_prob, a byte-order mark, CRLF endings and a blank line; gzip. */
  private List<Path> files() throws Exception {
    Path plain = write(dir.resolve("a.tsv"), "a", 7, 0, 1);
    String lf = Files.readString(write(dir.resolve("b-lf.tsv"), "b", 6, 5, 2), StandardCharsets.UTF_8);
    int second = lf.indexOf('\n', lf.indexOf('\n') + 1) + 1;
    String crlf = (lf.substring(0, second) + "\n" + lf.substring(second)).replace("\n", "\r\n");
    Path windows = FormatFiles.bytes(dir.resolve("b.tsv"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(crlf)));
    Path gzip = write(dir.resolve("c.tsv.gz"), "c", 5, 0, 3);
    return List.of(plain, windows, gzip);
  }

  @Test
  void readsEveryRowBitForBitAsTheStreamingReaderDoes() throws Exception {
    List<Path> files = files();
    Map<String, ImageRegions> expected = streamed(files);
    assertThat(expected).hasSize(18);
    assertThat(Files.size(files.get(0))).isGreaterThan(1 << 16);
    assertThat(Files.size(files.get(1))).isGreaterThan(1 << 16);
    try (RegionFeatureIndex index = RegionFeatureIndex.open(files, expected.keySet(), BadRows.fail())) {
      assertThat(index.size()).isEqualTo(18);
      assertThat(index.featureSize()).isEqualTo(D);
      assertThat(index.files()).isEqualTo(files);
      for (Map.Entry<String, ImageRegions> e : expected.entrySet()) {
        assertThat(index.contains(e.getKey())).isTrue();
        assertSameBits(index.read(e.getKey()), e.getValue(), e.getKey());
      }
      assertThat(index.read("a1").regions()).isZero();
      assertThat(index.read("b1").regions()).isZero();
    }
  }

  @Test
  void onlyWantedImagesAreIndexed() throws Exception {
    List<Path> files = files();
    try (RegionFeatureIndex index = RegionFeatureIndex.open(files, Set.of("a3", "b4", "c0", "z9"), BadRows.fail())) {
      assertThat(index.size()).isEqualTo(3);
      assertThat(index.contains("a3")).isTrue();
      assertThat(index.contains("a2")).isFalse();
      assertThat(index.contains("z9")).isFalse();
      Map<String, ImageRegions> expected = streamed(files);
      for (String id : List.of("a3", "b4", "c0")) {
        assertSameBits(index.read(id), expected.get(id), id);
      }
      assertThatThrownBy(() -> index.read("a2"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("image a2 is not in the region feature index of " + files.get(0) + " and 2 more files:"
              + " it was not wanted, or no good row of the files has it");
    }
  }

  @Test
  void aMalformedRowIsReportedWithFileAndLineWhenOpening() throws Exception {
    Path good = write(dir.resolve("good.tsv"), "g", 3, 0, 4);
    String rows = Files.readString(good);
    Path bad = text(dir.resolve("bad.tsv"), rows + "\nx\t640\t480\t1\t" + base64(0, 0, 700, 1) + "\t" + base64(new float[D]) + "\n");
    // Checked though no image of the file is wanted.
    assertThatThrownBy(() -> RegionFeatureIndex.open(List.of(good, bad), Set.of(), BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(bad + ":5: boxes (column 5): boxes[0] = (0.0, 0.0, 700.0, 1.0) is not inside the 640 x 480 image");

    BadRows skip = BadRows.skip();
    try (RegionFeatureIndex index = RegionFeatureIndex.open(List.of(bad), Set.of("g0", "g2", "x"), skip)) {
      assertThat(skip.count()).isEqualTo(1);
      assertThat(skip.messages().get(0)).startsWith(bad + ":5: ");
      assertThat(index.size()).isEqualTo(2);
      assertThat(index.contains("x")).isFalse();
      assertSameBits(index.read("g2"), streamed(List.of(good)).get("g2"), "g2");
    }
  }

  @Test
  void aSecondRowOfAWantedImageIsAnErrorNamingBothLines() throws Exception {
    Path first = write(dir.resolve("first.tsv"), "i", 3, 0, 5);
    Path again = write(dir.resolve("again.tsv.gz"), "i", 2, 0, 6);
    assertThatThrownBy(() -> RegionFeatureIndex.open(List.of(first, again), Set.of("i1"), BadRows.skip()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(again + ":2: image i1 has a second row of region features; the first is at " + first + ":2");
    assertThatThrownBy(() -> RegionFeatureIndex.open(List.of(again, first), Set.of("i0"), BadRows.fail()))
        .hasMessage(first + ":1: image i0 has a second row of region features; the first is at " + again + ":1");
    Path twice = text(dir.resolve("twice.tsv"), Files.readString(first) + Files.readString(first));
    assertThatThrownBy(() -> RegionFeatureIndex.open(List.of(twice), Set.of("i2"), BadRows.fail()))
        .hasMessage(twice + ":6: image i2 has a second row of region features; the first is at " + twice + ":3");
    // Images nobody asked for are not remembered, so their second rows pass.
    try (RegionFeatureIndex index = RegionFeatureIndex.open(List.of(first, again), Set.of("i2"), BadRows.fail())) {
      assertThat(index.size()).isEqualTo(1);
    }
  }

  @Test
  void everyFileMustHaveTheSameFeatureSize() throws Exception {
    Path wide = write(dir.resolve("wide.tsv"), "w", 2, 0, 7);
    Path narrow = text(dir.resolve("narrow.tsv"), "n0\t640\t480\t0\t\t\nn1\t640\t480\t1\t" + base64(0, 0, 1, 1) + "\t" + base64(1, 2) + "\n");
    assertThatThrownBy(() -> RegionFeatureIndex.open(List.of(wide, narrow), Set.of(), BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(narrow + ":2: 2-d features, but " + wide + " has " + D + "-d: every file of the index must have the same feature size");
  }

  @Test
  void threadsReadingAtOnceEachGetTheirRows() throws Exception {
    List<Path> files = files();
    Map<String, ImageRegions> expected = streamed(files);
    List<String> ids = new ArrayList<>(expected.keySet());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (RegionFeatureIndex index = RegionFeatureIndex.open(files, expected.keySet(), BadRows.fail())) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<String> order = new ArrayList<>(ids);
        Collections.shuffle(order, new Random(t));
        done.add(
            threads.submit(
                () -> {
                  for (int round = 0; round < 5; round++) {
                    for (String id : order) {
                      assertSameBits(index.read(id), expected.get(id), id);
                    }
                  }
                  return order.size();
                }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(18);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void anInterruptedReadLeavesTheIndexUsable() throws Exception {
    Path file = write(dir.resolve("a.tsv"), "a", 3, 0, 8);
    try (RegionFeatureIndex index = RegionFeatureIndex.open(List.of(file), Set.of("a0", "a2"), BadRows.fail())) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> index.read("a0")).isInstanceOf(ClosedByInterruptException.class);
      } finally {
        Thread.interrupted();
      }
      assertSameBits(index.read("a2"), streamed(List.of(file)).get("a2"), "a2");
    }
  }

  @Test
  void aFileChangedSinceIndexingIsReported() throws Exception {
    Path file = write(dir.resolve("a.tsv"), "a", 3, 0, 9);
    byte[] original = Files.readAllBytes(file);
    try (RegionFeatureIndex index = RegionFeatureIndex.open(List.of(file), Set.of("a0", "a2"), BadRows.fail())) {
      // Rewritten in place, same file: the first row's bytes now hold another image.
      Files.write(file, concat(utf8("b" + new String(original, StandardCharsets.UTF_8).substring(1))));
      assertThatThrownBy(() -> index.read("a0"))
          .isInstanceOf(DataFileException.class)
          .hasMessage(file + ":1: changed since it was indexed (the row of image b0, not a0); index the files again");
      Files.write(file, new byte[0]);
      assertThatThrownBy(() -> index.read("a2"))
          .isInstanceOf(DataFileException.class)
          .hasMessageStartingWith(file + ":3: changed since it was indexed (the file ends before the row's ");
    }
  }

  @Test
  void readingAfterCloseIsAnError() throws Exception {
    Path file = write(dir.resolve("a.tsv"), "a", 2, 0, 10);
    RegionFeatureIndex index = RegionFeatureIndex.open(List.of(file), Set.of("a0"), BadRows.fail());
    index.close();
    index.close();
    assertThatThrownBy(() -> index.read("a0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the region feature index of " + file + " is closed");
  }
}
