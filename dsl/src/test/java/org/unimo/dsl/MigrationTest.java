package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.Pooling;

/**
 * Format version 1 and 2 configs, committed as they were released, still load: migrated on read
 * into the spec the current presets build.
 */
class MigrationTest {
  private static final Path V1 = Path.of("src", "test", "resources", "format-v1");
  private static final Path V2 = Path.of("src", "test", "resources", "format-v2");

  @Test
  void theReleasedVersionOneConfigsReadAsTheCurrentPresets() throws Exception {
    ModelSpec tiny = ModelSpec.read(V1.resolve("tiny.textproto"));
    assertThat(tiny).isEqualTo(Presets.tiny().build());
    assertThat(tiny.fingerprint()).isEqualTo(GoldenFingerprints.TINY);
    assertThat(ModelSpec.read(V1.resolve("unimo-base.textproto"))).isEqualTo(Presets.unimoBase().build());
  }

  @Test
  void versionOneFieldsMoveToTheirVersionTwoPlaces() {
    ModelSpec spec =
        ModelSpec.parse(
            """
            format_version: 1
            image { feature_size: 8 max_regions: 2 }
            encoder { layers: 1 hidden: 8 heads: 2 ffn: 16 max_positions: 32 }
            objectives { cmcl { pooling: MEAN } }
            training { steps: 10 checkpoint_every: 5 keep_checkpoints: 2 }
            optimizer { warmup_steps: 1 }
            compile { xla: false }
            """,
            "v1");
    assertThat(spec.proto().getFormatVersion()).isEqualTo(3);
    assertThat(spec.proto().getEncoder().getPooling()).isEqualTo(Pooling.MEAN);
    assertThat(spec.proto().getObjectives().getCmcl().hasPooling()).isFalse();
    assertThat(spec.proto().getCompile().getXlaMode()).isEqualTo(Compile.XlaMode.OFF);
    assertThat(spec.proto().getCompile().hasXla()).isFalse();
    assertThat(spec.proto().getTraining().hasCheckpointEvery()).isFalse();
    assertThat(spec.toTextProto()).doesNotContain("checkpoint_every", "xla:", "keep_checkpoints");
  }

  @Test
  void xlaTrueOfVersionOneMeansAuto() {
    String v1 = "format_version: 1\nobjectives { masked_lm {} }\ncompile { xla: true }\n";
    assertThat(ModelSpec.parse(v1, "v1").proto().getCompile().getXlaMode()).isEqualTo(Compile.XlaMode.AUTO);
  }

  @Test
  void aVersionTwoConfigWithARetiredFieldIsRefusedNamingIt() {
    assertThatThrownBy(() -> ModelSpec.parse("objectives { masked_lm {} }\ncompile { xla: true }\n", "v2"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("compile.xla: is a format_version 1 field")
        .hasMessageContaining("format_version: 1");
  }

  @Test
  void theReleasedVersionTwoConfigsReadAsTheCurrentPresets() throws Exception {
    ModelSpec tiny = ModelSpec.read(V2.resolve("tiny.textproto"));
    assertThat(tiny).isEqualTo(Presets.tiny().build());
    assertThat(tiny.fingerprint()).isEqualTo(GoldenFingerprints.TINY);
    // Masked LM at its default masking: pair_mlm's defaults are the same, so nothing moves.
    ModelSpec base = ModelSpec.read(V2.resolve("unimo-base.textproto"));
    assertThat(base).isEqualTo(Presets.unimoBase().build());
    assertThat(base.fingerprint()).isEqualTo(GoldenFingerprints.UNIMO_BASE);
    assertThat(ModelSpec.read(V2.resolve("unimo-large.textproto")).fingerprint())
        .isEqualTo(GoldenFingerprints.UNIMO_LARGE);
  }

  @Test
  void versionTwoPairMlmTakesMaskedLmsMasking() {
    ModelSpec spec =
        ModelSpec.parse(
            """
            format_version: 2
            image { feature_size: 8 max_regions: 2 }
            encoder { layers: 1 hidden: 8 heads: 2 ffn: 16 max_positions: 32 }
            objectives {
              masked_lm { rate: 0.2 mask_share: 0.7 random_share: 0.2 max_predictions: 6 whole_word: true }
              pair_mlm { weight: 0.5 max_predictions: 4 }
            }
            """,
            "v2");
    assertThat(spec.proto().getFormatVersion()).isEqualTo(3);
    assertThat(spec.objectives().pairMlm().orElseThrow())
        .isEqualTo(new PairMlmSpec(0.5f, new TokenMasking(0.2f, 0.7f, 0.2f, 4, true)));
    // What pair_mlm sets itself stays; masked_lm is unchanged.
    assertThat(spec.objectives().maskedLm().orElseThrow().masking())
        .isEqualTo(new TokenMasking(0.2f, 0.7f, 0.2f, 6, true));
  }

  @Test
  void versionTwoPairMlmWithoutMaskedLmKeepsTheDefaults() {
    String v2 = "format_version: 2\nimage {}\nobjectives { pair_mlm {} }\n";
    assertThat(ModelSpec.parse(v2, "v2").objectives().pairMlm().orElseThrow().masking())
        .isEqualTo(new TokenMasking(0.15f, 0.8f, 0.1f, 20, false));
  }

  @Test
  void versionOneGoesThroughBothSteps() {
    String v1 =
        "format_version: 1\nimage {}\nobjectives { masked_lm { max_predictions: 7 } pair_mlm {} }\n"
            + "compile { xla: false }\n";
    ModelSpec spec = ModelSpec.parse(v1, "v1");
    assertThat(spec.compile().xlaMode()).isEqualTo(XlaMode.OFF);
    assertThat(spec.objectives().pairMlm().orElseThrow().masking().maxPredictions()).isEqualTo(7);
  }
}
