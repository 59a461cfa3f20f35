package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesWorldCacheTest {
  private static final ShapesWorldConfig CONFIG =
      ShapesWorldConfig.builder()
          .seed(3)
          .trainScenes(12)
          .heldoutScenes(4)
          .imageOnlyScenes(3)
          .textScenes(3)
          .captionsPerScene(2)
          .wordNetGlosses(10)
          .imageSize(64)
          .build();

  private static ShapesWorldData generated;

  @BeforeAll
  static void generate() {
    generated = ShapesWorld.generate(CONFIG);
  }

  @Test
  void theFileIsNamedAfterTheFormatVersionAndAHashOfTheConfig(@TempDir Path dir) {
    Path file = ShapesWorldCache.file(dir, CONFIG);
    assertThat(file.getParent()).isEqualTo(dir);
    assertThat(file.getFileName().toString()).matches("shapes-world-v1-[0-9a-f]{16}\\.pb");
    assertThat(ShapesWorldCache.file(dir, CONFIG)).isEqualTo(file);
    assertThat(ShapesWorldCache.file(dir, CONFIG.withSeed(4))).isNotEqualTo(file);
    assertThat(ShapesWorldCache.file(dir, CONFIG.toBuilder().maxObjects(4).build())).isNotEqualTo(file);
  }

  @Test
  void aCachedWorldReadsBackEqual(@TempDir Path dir) throws Exception {
    ShapesWorldData loaded = ShapesWorldCache.load(dir, CONFIG);
    assertThat(loaded).isEqualTo(generated);
    Path file = ShapesWorldCache.file(dir, CONFIG);
    assertThat(file).isRegularFile();
    ShapesWorldData read = ShapesWorldCache.read(file, CONFIG);
    assertThat(read).isEqualTo(generated);
    assertThat(read.train().get(0).features()).isDeepEqualTo(generated.train().get(0).features());
    assertThat(read.textCorpus()).isEqualTo(generated.textCorpus());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aSecondLoadReadsTheFile(@TempDir Path dir) throws Exception {
    ShapesWorldCache.write(generated, ShapesWorldCache.file(dir, CONFIG));
    Path file = ShapesWorldCache.file(dir, CONFIG);
    FileTime written = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, written);
    assertThat(ShapesWorldCache.load(dir, CONFIG)).isEqualTo(generated);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);
  }

  @Test
  void aTruncatedFileIsReportedByNameAndRegeneratedByLoad(@TempDir Path dir) throws Exception {
    Path file = ShapesWorldCache.file(dir, CONFIG);
    ShapesWorldCache.write(generated, file);
    byte[] bytes = Files.readAllBytes(file);
    for (int length : new int[] {0, 3, bytes.length / 2, bytes.length - 3}) {
      Files.write(file, Arrays.copyOf(bytes, length));
      assertThatThrownBy(() -> ShapesWorldCache.read(file, CONFIG))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(file.toString());
    }
    assertThat(ShapesWorldCache.load(dir, CONFIG)).isEqualTo(generated);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aFlippedByteFailsTheChecksum(@TempDir Path dir) throws Exception {
    Path file = ShapesWorldCache.file(dir, CONFIG);
    ShapesWorldCache.write(generated, file);
    byte[] bytes = Files.readAllBytes(file);
    byte[] corrupt = bytes.clone();
    // A byte deep inside the float data: still parses, only the checksum notices.
    int inside = bytes.length / 2;
    corrupt[inside] ^= 0x01;
    Files.write(file, corrupt);
    assertThatThrownBy(() -> ShapesWorldCache.read(file, CONFIG))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file.toString());
    assertThat(ShapesWorldCache.load(dir, CONFIG)).isEqualTo(generated);
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void extraBytesAfterTheTrailerAreCorrupt(@TempDir Path dir) throws Exception {
    Path file = ShapesWorldCache.file(dir, CONFIG);
    ShapesWorldCache.write(generated, file);
    Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ShapesWorldCache.read(file, CONFIG))
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("after the trailer");
  }

  @Test
  void aFileForAnotherConfigIsRejected(@TempDir Path dir) throws Exception {
    Path file = ShapesWorldCache.file(dir, CONFIG);
    ShapesWorldCache.write(generated, file);
    assertThatThrownBy(() -> ShapesWorldCache.read(file, CONFIG.withSeed(99)))
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining("another config");
  }

  @Test
  void aMissingFileIsReportedByName(@TempDir Path dir) {
    Path file = dir.resolve("absent.pb");
    assertThatThrownBy(() -> ShapesWorldCache.read(file, CONFIG))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file.toString());
  }

  @Test
  void loadCreatesTheDirectory(@TempDir Path dir) throws Exception {
    Path nested = dir.resolve("a/b");
    assertThat(ShapesWorldCache.load(nested, CONFIG)).isEqualTo(generated);
    assertThat(ShapesWorldCache.file(nested, CONFIG)).isRegularFile();
  }

  @Test
  void theDefaultDirectoryIsUnimoCacheOrTheUsersCache() {
    String env = System.getenv("UNIMO_CACHE");
    Path expected =
        env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "unimo");
    assertThat(ShapesWorldCache.defaultDir()).isEqualTo(expected);
  }
}
