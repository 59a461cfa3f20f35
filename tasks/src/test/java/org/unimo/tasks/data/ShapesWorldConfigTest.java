package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.Presets;

class ShapesWorldConfigTest {
  @Test
  void defaults() {
    ShapesWorldConfig c = ShapesWorldConfig.defaults();
    assertThat(c.seed()).isZero();
    assertThat(c.trainScenes()).isEqualTo(4000);
    assertThat(c.heldoutScenes()).isEqualTo(100);
    assertThat(c.imageOnlyScenes()).isEqualTo(1000);
    assertThat(c.textScenes()).isEqualTo(1000);
    assertThat(c.captionsPerScene()).isEqualTo(4);
    assertThat(c.imageSize()).isEqualTo(96);
    assertThat(c.minObjects()).isEqualTo(2);
    assertThat(c.maxObjects()).isEqualTo(5);
    assertThat(c.wordNetGlosses()).isEqualTo(4000);
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void everyFieldIsPartOfTheCacheKey() {
    ShapesWorldConfig d = ShapesWorldConfig.defaults();
    List<ShapesWorldConfig> variants =
        List.of(
            d,
            d.withSeed(1),
            d.toBuilder().trainScenes(1).build(),
            d.toBuilder().heldoutScenes(1).build(),
            d.toBuilder().imageOnlyScenes(1).build(),
            d.toBuilder().textScenes(1).build(),
            d.toBuilder().captionsPerScene(1).build(),
            d.toBuilder().imageSize(128).build(),
            d.toBuilder().minObjects(3).build(),
            d.toBuilder().maxObjects(4).build(),
            d.toBuilder().wordNetGlosses(1).build());
    Set<String> keys = new HashSet<>();
    variants.forEach(v -> keys.add(v.cacheKey()));
    assertThat(keys).hasSize(variants.size());
  }

  @Test
  void outOfRangeFieldsAreRejected() {
    assertThatThrownBy(() -> ShapesWorldConfig.builder().trainScenes(-1).build()).hasMessageContaining("trainScenes");
    assertThatThrownBy(() -> ShapesWorldConfig.builder().captionsPerScene(0).build())
        .hasMessageContaining("captionsPerScene");
    assertThatThrownBy(() -> ShapesWorldConfig.builder().captionsPerScene(7).build())
        .hasMessageContaining("1..6");
    assertThatThrownBy(() -> ShapesWorldConfig.builder().imageSize(32).build()).hasMessageContaining("imageSize");
    assertThatThrownBy(() -> ShapesWorldConfig.builder().minObjects(1).build()).hasMessageContaining("objects");
    assertThatThrownBy(() -> ShapesWorldConfig.builder().minObjects(4).maxObjects(3).build())
        .hasMessageContaining("objects");
  }

  @Test
  void aSpecGivesItsSeedAndSplitSizes() {
    var spec = Presets.tiny().seed(11).shapesWorld(w -> w.trainScenes(300).heldoutScenes(30).wordnetGlosses(5)).build();
    ShapesWorldConfig c = ShapesWorldConfig.of(spec);
    assertThat(c.seed()).isEqualTo(11);
    assertThat(c.trainScenes()).isEqualTo(300);
    assertThat(c.heldoutScenes()).isEqualTo(30);
    assertThat(c.wordNetGlosses()).isEqualTo(5);
    assertThat(c.imageSize()).isEqualTo(96);
  }
}
