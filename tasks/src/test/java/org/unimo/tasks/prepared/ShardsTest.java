package org.unimo.tasks.prepared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.samples.SampleKind;

/** Shards, their indexes and the Example records: random access, integrity, exact round trips. */
class ShardsTest {
  @TempDir Path dir;

  private List<byte[]> records(int n) {
    SplittableRandom random = new SplittableRandom(5);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] r = new byte[random.nextInt(0, 300)];
      for (int j = 0; j < r.length; j++) {
        r[j] = (byte) random.nextInt(256);
      }
      records.add(r);
    }
    return records;
  }

  @Test
  void recordsAreReadBackByIndexAcrossShardsAndEachShardCarriesItsHash() throws IOException {
    List<byte[]> records = records(500);
    List<Shard> shards;
    try (ShardWriter writer = new ShardWriter(dir, "text", 8_000)) {
      for (byte[] r : records) {
        writer.write(r);
      }
      shards = writer.finish();
    }
    assertThat(shards).hasSizeGreaterThan(5);
    assertThat(shards.get(0).file()).isEqualTo("text-00000.tfrecord");
    assertThat(shards.stream().mapToLong(Shard::records).sum()).isEqualTo(500);
    for (Shard shard : shards) {
      assertThat(shard.sha256()).isEqualTo(MoreFiles.asByteSource(dir.resolve(shard.file())).hash(Hashing.sha256()).toString());
      assertThat(Files.size(dir.resolve(shard.file()))).isEqualTo(shard.bytes()).isLessThanOrEqualTo(8_000 + 316);
    }
    try (ShardedRecords read = ShardedRecords.open(dir, "text", shards)) {
      assertThat(read.size()).isEqualTo(500);
      for (int i : new int[] {0, 1, 77, 250, 499, 3, 498}) {
        assertThat(read.read(i)).as("record %d", i).isEqualTo(records.get(i));
      }
      assertThatThrownBy(() -> read.read(500)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void aDamagedOrTruncatedShardIsNamedWithTheRecord() throws IOException {
    List<Shard> shards;
    try (ShardWriter writer = new ShardWriter(dir, "pairs", 1 << 20)) {
      for (byte[] r : records(20)) {
        writer.write(r);
      }
      shards = writer.finish();
    }
    Path file = dir.resolve("pairs-00000.tfrecord");
    try (ShardedRecords read = ShardedRecords.open(dir, "pairs", shards)) {
      long offset;
      try (FileChannel index = FileChannel.open(dir.resolve("pairs-00000.index"))) {
        offset = Long.reverseBytes(index.map(FileChannel.MapMode.READ_ONLY, 0, index.size()).getLong(7 * 8));
      }
      byte[] bytes = Files.readAllBytes(file);
      bytes[(int) offset + 13] ^= 0x55;
      Files.write(file, bytes);
      assertThatThrownBy(() -> read.read(7)).hasMessageContaining("pairs-00000.tfrecord record 7").hasMessageContaining("checksum");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(Files.size(file) - 3);
    }
    assertThatThrownBy(() -> ShardedRecords.open(dir, "pairs", shards))
        .hasMessageContaining("pairs-00000.tfrecord")
        .hasMessageContaining("truncated or changed copy");
  }

  @Test
  void examplesRoundTripExactly() throws IOException {
    float[][] features = {{0.1f, -2.5f, Float.MIN_VALUE}, {3e7f, 0f, 1f / 3}};
    float[][] boxes = {{0f, 0.25f, 0.5f, 1f, 0.375f}, {0.1f, 0.2f, 0.3f, 0.4f, 0.04f}};
    float[][] classes = {{0.9f, 0.1f}, {0.2f, 0.8f}};
    var image = new PreparedRecords.Image("COCO 57", 640, 480, features, boxes, classes);
    var read = PreparedRecords.readImage(PreparedRecords.image(image), "x");
    assertThat(read.features()).isDeepEqualTo(features);
    assertThat(read.boxes()).isDeepEqualTo(boxes);
    assertThat(read.classProbs()).isDeepEqualTo(classes);
    assertThat(read.imageId()).isEqualTo("COCO 57");
    assertThat(read.width()).isEqualTo(640);

    var samples =
        List.of(
            new PreparedRecords.CaptionSamples(Map.of(SampleKind.PARAPHRASE, List.of("a cat sits", "a kitty sits")), new int[] {4, 9}),
            new PreparedRecords.CaptionSamples(Map.of(SampleKind.OBJECT, List.of("a dog sits ä")), new int[0]));
    var pair = new PreparedRecords.Pair(new PreparedRecords.Image("1", 10, 10, features, boxes, null), List.of("a cat sits", "ein Kätzchen"), samples);
    var back = PreparedRecords.readPair(PreparedRecords.pair(pair), "y");
    assertThat(back.captions()).containsExactly("a cat sits", "ein Kätzchen");
    assertThat(back.image().classProbs()).isNull();
    assertThat(back.samples()).hasSize(2);
    assertThat(back.samples().get(0).texts()).containsExactlyEntriesOf(Map.of(SampleKind.PARAPHRASE, List.of("a cat sits", "a kitty sits")));
    assertThat(back.samples().get(0).images()).containsExactly(4, 9);
    assertThat(back.samples().get(1).texts().get(SampleKind.OBJECT)).containsExactly("a dog sits ä");
    assertThat(PreparedRecords.readText(PreparedRecords.text("héllo\tworld"), "z")).isEqualTo("héllo\tworld");
    assertThatThrownBy(() -> PreparedRecords.readImage("not an example".getBytes(StandardCharsets.UTF_8), "images record 3"))
        .hasMessageStartingWith("images record 3:");
  }
}
