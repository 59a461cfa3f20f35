package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The data section: one source of three kinds, validated, printed and fingerprinted like the rest. */
class DataSpecTest {
  @Test
  void filesReadBackThroughTheirViewAndRoundTripThroughText() {
    ModelSpec spec =
        Presets.tiny()
            .dataFiles(
                d -> d.pairs("coco/dataset_coco.json").features("coco/*.tsv.gz").images("cc/images-*.tsv")
                    .text("corpus/*.txt.gz").heldout("coco/dataset_coco.json").classes("vg/objects.txt").captionsAsText(false))
            .build();
    DataFilesSpec files = spec.data().files().orElseThrow();
    assertThat(files.pairs()).containsExactly("coco/dataset_coco.json");
    assertThat(files.features()).containsExactly("coco/*.tsv.gz");
    assertThat(files.classes()).isEqualTo(Optional.of("vg/objects.txt"));
    assertThat(files.captionsAsText()).isFalse();
    assertThat(spec.data().shapesWorld()).isEmpty();
    assertThat(spec.toTextProto()).contains("files {").contains("pairs: \"coco/dataset_coco.json\"");
    ModelSpec back = ModelSpec.parse(spec.toTextProto(), "data.textproto");
    assertThat(back.fingerprint()).isEqualTo(spec.fingerprint());
    assertThat(Presets.tiny().dataFiles(d -> d.pairs("coco/other.json").features("coco/*.tsv.gz").text("corpus/*.txt.gz")).build().fingerprint())
        .isNotEqualTo(spec.fingerprint());
  }

  @Test
  void aPreparedDirectoryReplacesTheShapesWorld() {
    ModelSpec spec = Presets.tiny().preparedData("data/coco-prepared").build();
    assertThat(spec.data().prepared()).contains("data/coco-prepared");
    assertThat(spec.data().shapesWorld()).isEmpty();
    assertThat(spec.data().declared()).isTrue();
  }

  @Test
  void filesWithoutWhatTheyNeedAreRefusedByField() {
    assertThatThrownBy(() -> Presets.tiny().dataFiles(d -> d.pairs("captions.json")).build())
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("data.files.features: is empty, but captions");
    assertThatThrownBy(() -> Presets.tiny().dataFiles(d -> d.features("f.tsv")).build())
        .hasMessageContaining("data.files: names no data")
        .hasMessageContaining("data.files.features: has nothing to join");
    assertThatThrownBy(() -> Presets.tiny().dataFiles(d -> d.text(" ")).build()).hasMessageContaining("data.files.text[0]: is blank");
    assertThatThrownBy(() -> Presets.tiny().preparedData("").build()).hasMessageContaining("data.prepared: names no directory");
    assertThat(Presets.tiny().dataFiles(d -> d.text("corpus.txt")).build().data().files().orElseThrow().text()).isEqualTo(List.of("corpus.txt"));
  }
}
