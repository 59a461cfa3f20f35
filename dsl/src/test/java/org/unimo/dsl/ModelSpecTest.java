package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.proto.ModelSpecProto;

class ModelSpecTest {
  @Test
  void accumulationStepsDivideTheBatchAndLeaveCmclNegatives() {
    assertThat(Presets.tinyRetrieval().training(t -> t.batchSize(8).accumulationSteps(4)).build().training().microBatchSize())
        .isEqualTo(2);
    assertThatThrownBy(() -> Presets.tinyRetrieval().training(t -> t.batchSize(8).accumulationSteps(3)).build())
        .hasMessageContaining("training.accumulation_steps")
        .hasMessageContaining("does not divide training.batch_size (8)");
    assertThatThrownBy(() -> Presets.tinyRetrieval().training(t -> t.batchSize(8).accumulationSteps(0)).build())
        .hasMessageContaining("training.accumulation_steps");
    assertThatThrownBy(() -> Presets.tinyRetrieval().training(t -> t.batchSize(8).accumulationSteps(8)).build())
        .hasMessageContaining("training.accumulation_steps")
        .hasMessageContaining("micro-batches of 1, which leave CMCL without negatives");
    assertThat(
            Presets.tinyRetrieval()
                .training(t -> t.batchSize(8).accumulationSteps(8))
                .cmcl(c -> c.samples(s -> s.tfidfNegatives(1)))
                .build()
                .training()
                .accumulationSteps())
        .isEqualTo(8);
  }

  @Test
  void buildReportsEveryProblemWithItsPath() {
    assertThatThrownBy(
            () ->
                Presets.tiny()
                    .encoder(e -> e.hidden(250).heads(12).layers(0))
                    .cmcl(c -> c.temperature(-1f))
                    .build())
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        "encoder.layers: 0 must be positive",
                        "encoder.hidden: 250 is not divisible by encoder.heads (12)",
                        "objectives.cmcl.temperature: -1.0 must be positive"));
  }

  @Test
  void theMessageListsOneProblemPerLine() {
    assertThatThrownBy(
            () -> Presets.tinyRetrieval().text(t -> t.maxLength(2)).maskedLm(m -> m.maxPredictions(6)).build())
        .hasMessage(
            "2 problems in the spec:\n"
                + "  text.max_length: 2 leaves no room for a token between [CLS] and [SEP]\n"
                + "  objectives.masked_lm.max_predictions: 6 exceeds text.max_length (2)");
  }

  @Test
  void aMixMustGiveEveryDeclaredKindOfDataAShareAndNoneToKindsWithoutObjectives() {
    assertThatThrownBy(() -> Presets.tinyRetrieval().training(t -> t.mix(0f, 1f, 1f)).build())
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        "training.mix.text: 0 leaves masked_lm untrained; remove the objective or give text a share",
                        "training.mix.image: 1.0 for image data, but no declared objective trains on it; set it to 0"));
    assertThat(Presets.tinyRetrieval().training(t -> t.mix(1f, 0f, 3f)).build().proto().getTraining().getMix().getPair())
        .isEqualTo(3f);
  }

  @Test
  void cmclNeedsAnImageInput() {
    ModelSpecProto withoutImage = Presets.tiny().build().proto().toBuilder().clearImage().build();
    assertThatThrownBy(() -> ModelSpec.of(withoutImage))
        .hasMessageContaining("objectives.cmcl: needs an image input");
  }

  @Test
  void textFormatRoundTripsToAnEqualSpec() {
    ModelSpec spec = Presets.tiny().build();
    ModelSpec parsed = ModelSpec.parse(spec.toTextProto(), "tiny");
    assertThat(parsed).isEqualTo(spec);
    assertThat(parsed.fingerprint()).isEqualTo(spec.fingerprint());
  }

  @Test
  void defaultsSpelledOutOrLeftOutMeanTheSameSpec() {
    ModelSpec explicit = Presets.tiny().encoder(e -> e.activation(Activation.GELU)).build();
    ModelSpec implicit = Presets.tiny().build();
    assertThat(explicit.fingerprint()).isEqualTo(implicit.fingerprint());
    assertThat(implicit.toTextProto()).contains("activation: GELU");
  }

  @Test
  void theFingerprintIgnoresFieldsAtTheirDefaults() {
    // What keeps recorded fingerprints valid when a field is added with a default.
    ModelSpec minimal = ModelSpec.parse("name: \"x\" objectives { masked_lm {} }", "minimal");
    ModelSpec spelled = ModelSpec.parse(minimal.toTextProto(), "spelled out");
    assertThat(spelled.fingerprint()).isEqualTo(minimal.fingerprint());
    assertThat(Canonical.print(Canonical.minimal(spelled.proto())))
        .isEqualTo("name: \"x\"\nobjectives {\n  masked_lm {\n  }\n}\n");
  }

  @Test
  void oneChangedFieldChangesTheFingerprint() {
    assertThat(Presets.tiny().seed(43).build().fingerprint())
        .isNotEqualTo(Presets.tiny().build().fingerprint());
  }

  @Test
  void theFingerprintIsPinned() {
    // A golden value: if this changes, every recorded config fingerprint changes with it. Change it
    // only together with ModelSpecProto.format_version or on purpose, and say so in the changelog.
    assertThat(Presets.tiny().build().fingerprint()).isEqualTo(GoldenFingerprints.TINY);
  }

  @Test
  void aSyntaxErrorNamesTheFileLineAndColumn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.textproto");
    Files.writeString(file, "name: \"x\"\nencoder {\n  hiden: 3\n}\n");
    assertThatThrownBy(() -> ModelSpec.read(file))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(file + ":3:")
        .hasMessageContaining("hiden");
  }

  @Test
  void anUnknownFormatVersionIsRefused() {
    assertThatThrownBy(() -> ModelSpec.parse("format_version: 7", "x"))
        .hasMessageContaining("format_version: 7 is not supported (this toolkit reads 1, 2 and 3, and migrates 1 and 2 on load)");
  }

  @Test
  void paperPresetsValidate() {
    assertThat(Presets.unimoBase().build().proto().getEncoder().getHidden()).isEqualTo(768);
    assertThat(Presets.unimoLarge().build().proto().getEncoder().getLayers()).isEqualTo(24);
    assertThat(Presets.unimoLarge().build().proto().getText().getTokenizer().getVocabSize())
        .isEqualTo(50263);
  }

  @Test
  void toBuilderLeavesTheOriginalUnchanged() {
    ModelSpec spec = Presets.tiny().build();
    ModelSpec changed = spec.toBuilder().seed(7).build();
    assertThat(spec.seed()).isEqualTo(42);
    assertThat(changed.seed()).isEqualTo(7);
  }
}
