package org.unimo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;

/** Each config exists four times: Java script, Kotlin script, preset and committed .textproto. */
class ScriptsTest {
  static Stream<Arguments> configs() {
    return Stream.of(
        Arguments.of("tiny", (Supplier<ModelSpec>) TinyModelScript::spec, (Supplier<ModelSpec>) TinyModelKt::tinyModel, Presets.tiny()),
        Arguments.of("unimo-base", (Supplier<ModelSpec>) PaperModelScripts::unimoBase, (Supplier<ModelSpec>) PaperModelsKt::unimoBase, Presets.unimoBase()),
        Arguments.of("unimo-large", (Supplier<ModelSpec>) PaperModelScripts::unimoLarge, (Supplier<ModelSpec>) PaperModelsKt::unimoLarge, Presets.unimoLarge()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void javaKotlinPresetAndTextprotoHaveOneFingerprint(
      String name, Supplier<ModelSpec> java, Supplier<ModelSpec> kotlin, ModelSpec.Builder preset)
      throws Exception {
    String committed = ModelSpec.read(Path.of("configs", name + ".textproto")).fingerprint();
    assertThat(java.get().fingerprint()).as("Java script").isEqualTo(committed);
    assertThat(kotlin.get().fingerprint()).as("Kotlin script").isEqualTo(committed);
    assertThat(preset.build().fingerprint()).as("preset").isEqualTo(committed);
  }

  @Test
  void theKotlinScriptRunsAndPrintsItsConfig() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TinyModelKt.main();
    } finally {
      System.setOut(original);
    }
    ModelSpec printed = ModelSpec.parse(captured.toString(StandardCharsets.UTF_8), "stdout");
    assertThat(printed).isEqualTo(ModelSpec.read(Path.of("configs/tiny.textproto")));
  }

  @Test
  void kotlinDeclaresSampleSetsInNestedBlocks() {
    ModelSpec java =
        Presets.tinyRetrieval()
            .name("tiny-sample-sets")
            .cmcl(
                c ->
                    c.samples(
                        s ->
                            s.paraphrases(1)
                                .relatedImages(1)
                                .relatedTexts(1)
                                .tfidfNegatives(1)
                                .objectNegatives(1)
                                .attributeNegatives(1)
                                .relationNegatives(1)))
            .build();
    assertThat(SampleSetsKt.tinyWithSampleSets()).isEqualTo(java);
    assertThat(java.proto().getObjectives().getCmcl().getSamples().getRelationNegatives()).isEqualTo(1);
  }
}
