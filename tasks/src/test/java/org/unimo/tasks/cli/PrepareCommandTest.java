package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.RegionFeatureTsv;
import org.unimo.tasks.prepared.PreparedManifest;
import org.unimo.tasks.prepared.PreparedSource;

/** {@code unimo prepare}: standard formats in, a prepared directory out, bad input named and nothing half-written. */
class PrepareCommandTest {
  @TempDir Path dir;

  /** 12 images of 3 regions of 16-d features; captions for 10 of them (2 each), 2 kept out; some text. */
  private void write() throws Exception {
    try (RegionFeatureTsv.Writer features = RegionFeatureTsv.writer(dir.resolve("features.tsv"))) {
      for (int i = 0; i < 12; i++) {
        float[][] boxes = {{0, 0, 10, 20}, {5, 5, 40, 30}, {1, 2, 3, 4}};
        float[][] f = new float[3][16];
        for (int r = 0; r < 3; r++) {
          for (int c = 0; c < 16; c++) {
            f[r][c] = i + r * 0.5f + c * 0.01f;
          }
        }
        features.write("img" + i, 64, 48, boxes, f, null);
      }
      features.commit();
    }
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      captions.add("{\"image_id\": \"img" + i + "\", \"caption\": \"a red cube number " + i + "\"}");
      captions.add("{\"image_id\": \"img" + i + "\", \"caption\": \"a cube, the " + i + "th one\"}");
    }
    Files.write(dir.resolve("captions.jsonl"), captions);
    Files.write(dir.resolve("heldout.jsonl"), List.of("{\"image_id\": \"img10\", \"caption\": \"a held-out cube\"}", "{\"image_id\": \"img11\", \"caption\": \"another\"}"));
    Files.writeString(dir.resolve("corpus.txt"), "the first sentence\n\nthe second sentence\n");
  }

  private MainTest.Run prepare(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "prepare",
                "--pairs", dir.resolve("captions.jsonl").toString(),
                "--features", dir.resolve("features.tsv").toString(),
                "--heldout", dir.resolve("heldout.jsonl").toString(),
                "--text", dir.resolve("corpus.txt").toString(),
                "--out", dir.resolve("prepared").toString()));
    args.addAll(List.of(more));
    return MainTest.unimo(args.toArray(String[]::new));
  }

  private List<String> leftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("prepared")).toList();
    }
  }

  @Test
  void capsAndFeaturesArePreparedIntoShardsWithTheirCounts() throws Exception {
    write();
    MainTest.Run run = prepare();
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("10 pairs, 0 images without text, 22 texts, 2 held-out pairs; 16-d region features, 0 detector classes");
    try (PreparedSource source = PreparedSource.open(dir.resolve("prepared"))) {
      assertThat(source.pairs()).isEqualTo(10);
      assertThat(source.pair(3).captions()).containsExactly("a red cube number 3", "a cube, the 3th one");
      assertThat(source.pair(3).image().boxes()[0]).containsExactly(0f, 0f, 10f / 64, 20f / 48, 200f / (64 * 48));
      assertThat(source.text(20)).isEqualTo("the first sentence");
      assertThat(source.heldout()).hasSize(2);
      assertThat(source.manifest().stream(PreparedManifest.PAIRS).shards().get(0).sha256()).hasSize(64);
    }
    assertThat(MainTest.unimo("prepare", "--text", dir.resolve("corpus.txt").toString(), "--out", dir.resolve("prepared").toString()).err())
        .contains("exists and is not an empty directory");
  }

  @Test
  void aMalformedRowIsNamedByFileAndLineAndLeavesNothingBehind() throws Exception {
    write();
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("features.tsv")));
    String[] columns = lines.get(2).split("\t");
    columns[5] = "not*base64";
    lines.set(2, String.join("\t", columns));
    Files.write(dir.resolve("features.tsv"), lines);
    MainTest.Run run = prepare();
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("features.tsv:3");
    assertThat(leftovers()).isEmpty();

    MainTest.Run skipping = prepare("--skip-bad-rows");
    assertThat(skipping.status()).as(skipping.err()).isZero();
    assertThat(skipping.err()).contains("features.tsv:3").contains("9 pairs").contains("img2 has no region features");
    assertThat(leftovers()).containsExactly("prepared");
  }

  @Test
  void aCaptionWhoseImageHasNoFeaturesIsNamed() throws Exception {
    write();
    Files.writeString(
        dir.resolve("captions.jsonl"), "{\"image_id\": \"img404\", \"caption\": \"nowhere\"}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    MainTest.Run run = prepare();
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("no region features").contains("img404");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void invalidUtf8InTheCorpusIsNamedByLine() throws Exception {
    write();
    Files.write(dir.resolve("corpus.txt"), new byte[] {'o', 'k', '\n', 'b', (byte) 0xC3, (byte) 0x28, '\n'});
    MainTest.Run run = prepare();
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("corpus.txt:2");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void imagesWithoutClassDistributionsCannotTrainMaskedRegionClassification() throws Exception {
    write();
    MainTest.Run prepared = prepare("--images", dir.resolve("features.tsv").toString());
    assertThat(prepared.status()).as(prepared.err()).isZero();
    Path config = dir.resolve("tiny.textproto");
    Files.writeString(
        config,
        org.unimo.dsl.Presets.tiny().image(i -> i.featureSize(16).maxRegions(3)).training(t -> t.batchSize(4)).build().toTextProto());
    MainTest.Run run =
        MainTest.unimo("pretrain", "--config", config.toString(), "--data", dir.resolve("prepared").toString(), "--out", dir.resolve("run").toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("objectives.mrc").contains("cls_prob");
    assertThat(dir.resolve("run")).doesNotExist();
    MainTest.Run wrongWidth =
        MainTest.unimo("pretrain", "--config", config.toString().replace("tiny", "tiny"), "--set", "image.feature_size=32",
            "--data", dir.resolve("prepared").toString(), "--out", dir.resolve("run").toString());
    assertThat(wrongWidth.status()).isEqualTo(2);
    assertThat(wrongWidth.err()).contains("image.feature_size: 32 does not match the data's 16-d region features");
  }

  @Test
  void nothingToPrepareIsAUsageError() {
    MainTest.Run run = MainTest.unimo("prepare", "--pairs", "captions.json", "--out", dir.resolve("p").toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--features");
  }
}
