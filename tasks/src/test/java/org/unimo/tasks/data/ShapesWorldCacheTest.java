package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesWorldCacheTest {
  private static final ShapesWorldConfig CONFIG = new ShapesWorldConfig(3, 12, 4, 3, 2, 10, 64);

  @Test
  void aCachedWorldReadsBackEqual(@TempDir Path dir) throws Exception {
    ShapesWorldData generated = ShapesWorldCache.load(dir, CONFIG);
    Path file = ShapesWorldCache.file(dir, CONFIG);
    assertThat(file).isRegularFile();
    ShapesWorldData read = ShapesWorldCache.read(file, CONFIG);
    assertThat(read.textCorpus()).isEqualTo(generated.textCorpus());
    assertThat(read.classNames()).isEqualTo(generated.classNames());
    for (int i = 0; i < generated.train().size(); i++) {
      Scene a = generated.train().get(i);
      Scene b = read.train().get(i);
      assertThat(b.id()).isEqualTo(a.id());
      assertThat(b.graph()).isEqualTo(a.graph());
      assertThat(b.captions()).isEqualTo(a.captions());
      assertThat(b.features()).isDeepEqualTo(a.features());
      assertThat(b.boxes()).isDeepEqualTo(a.boxes());
    }
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aCorruptCacheIsReportedAndRegenerated(@TempDir Path dir) throws Exception {
    ShapesWorldData generated = ShapesWorldCache.load(dir, CONFIG);
    Path file = ShapesWorldCache.file(dir, CONFIG);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> ShapesWorldCache.read(file, CONFIG))
        .hasMessageContaining(file.toString());
    ShapesWorldData again = ShapesWorldCache.load(dir, CONFIG);
    assertThat(again.train().get(0).captions()).isEqualTo(generated.train().get(0).captions());
    assertThat(Files.size(file)).isEqualTo(bytes.length);
  }

  @Test
  void anotherConfigUsesAnotherFile(@TempDir Path dir) {
    ShapesWorldConfig other = new ShapesWorldConfig(4, 12, 4, 3, 2, 10, 64);
    assertThat(ShapesWorldCache.file(dir, other)).isNotEqualTo(ShapesWorldCache.file(dir, CONFIG));
  }
}
