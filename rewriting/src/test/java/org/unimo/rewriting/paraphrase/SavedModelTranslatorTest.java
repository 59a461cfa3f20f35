package org.unimo.rewriting.paraphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelTranslatorTest {
  @TempDir Path tmp;

  @Test
  void translatesWithAToyModelExportedByTensorFlow() throws IOException {
    Path dir = ToyTranslationModels.dictionary(tmp.resolve("en-fr"), ToyTranslationModels.EN_FR);
    try (SavedModelTranslator enFr = SavedModelTranslator.load(dir)) {
      assertThat(enFr.translate(List.of("A man rides a horse", "a dog runs on the beach")))
          .containsExactly("un homme monte un cheval", "un chien court sur le plage");
      assertThat(enFr.translate(List.of())).isEmpty();
      assertThat(enFr.name()).isEqualTo(dir.toAbsolutePath().normalize().toString());
    }
  }

  @Test
  void splitsLargeInputsIntoBatchesAndKeepsTheOrder() throws IOException {
    Path dir = ToyTranslationModels.batchSizeEcho(tmp.resolve("echo"));
    try (SavedModelTranslator echo = SavedModelTranslator.load(dir, 2)) {
      assertThat(echo.translate(List.of("s1", "s2", "s3", "s4", "s5")))
          .containsExactly("s1#2", "s2#2", "s3#2", "s4#2", "s5#1");
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = tmp.resolve("nowhere");
    assertThatThrownBy(() -> SavedModelTranslator.load(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("saved_model.pb");
  }

  @Test
  void aModelWithoutTheSignatureIsRejectedOnLoad() throws IOException {
    Path dir = ToyTranslationModels.dictionary(
        tmp.resolve("default"), ToyTranslationModels.EN_FR, "serving_default", "text",
        "translation");
    assertThatThrownBy(() -> SavedModelTranslator.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("no signature \"translate\" (it has [serving_default])");
  }

  @Test
  void aModelWithoutTheServeTagIsRejectedOnLoad() throws IOException {
    Path dir = ToyTranslationModels.tagged(tmp.resolve("train"), "train");
    assertThatThrownBy(() -> SavedModelTranslator.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("tag \"serve\"");
  }

  @Test
  void aMisnamedInputIsRejectedOnLoad() throws IOException {
    Path dir = ToyTranslationModels.dictionary(
        tmp.resolve("misnamed"), ToyTranslationModels.EN_FR, "translate", "sentences",
        "translation");
    assertThatThrownBy(() -> SavedModelTranslator.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(
            "signature \"translate\" has no input \"text\" (its inputs: [sentences])");
  }

  @Test
  void aMistypedOutputIsRejectedOnLoad() throws IOException {
    Path dir = ToyTranslationModels.lengths(tmp.resolve("lengths"));
    assertThatThrownBy(() -> SavedModelTranslator.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining(
            "signature \"translate\" output \"translation\" is DT_INT32, not DT_STRING");
  }

  @Test
  void aClosedTranslatorRefusesToTranslate() throws IOException {
    Path dir = ToyTranslationModels.dictionary(tmp.resolve("en-fr"), ToyTranslationModels.EN_FR);
    SavedModelTranslator enFr = SavedModelTranslator.load(dir);
    enFr.close();
    enFr.close();
    assertThatThrownBy(() -> enFr.translate(List.of("a man")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void rejectsANonPositiveBatchSize() {
    assertThatThrownBy(() -> SavedModelTranslator.load(tmp, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
  }
}
