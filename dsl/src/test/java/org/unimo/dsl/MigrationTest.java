package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.Pooling;

/**
 * Format version 1 configs, committed as they were released, still load: migrated on read into the
 * spec the current presets build.
 */
class MigrationTest {
  private static final Path V1 = Path.of("src", "test", "resources", "format-v1");

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
}
