package org.unimo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;

/** The Java script, the Kotlin script, the preset and the committed config are one model. */
class ScriptsTest {
  private static ModelSpec committed() throws Exception {
    return ModelSpec.read(Path.of("configs/tiny.textproto"));
  }

  @Test
  void theJavaScriptBuildsTheCommittedConfig() throws Exception {
    assertThat(TinyModelScript.spec().fingerprint()).isEqualTo(committed().fingerprint());
  }

  @Test
  void theKotlinScriptBuildsTheCommittedConfig() throws Exception {
    assertThat(TinyModelKt.tinyModel().fingerprint()).isEqualTo(committed().fingerprint());
  }

  @Test
  void thePresetIsTheSameModel() throws Exception {
    assertThat(Presets.tiny().build()).isEqualTo(committed());
  }
}
