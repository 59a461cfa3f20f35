package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.Activation;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.LiveModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.TextBatch;
import org.unimo.graph.weights.BertNames.Role;
import org.unimo.graph.weights.BertNames.Slot;
import org.unimo.rewriting.tokenizer.WordPiece;

/**
 * all-MiniLM-L6-v2's real weights through the toolkit's own encoder, against ONNX Runtime running
 * the original file: from the ONNX file itself, and re-laid as HuggingFace safetensors in BERT and in
 * RoBERTa naming (a swapped query and key, a missed transpose or a wrong position row cannot pass).
 */
class MiniLmImportTest {
  static final List<String> SENTENCES =
      List.of(
          "A man is riding a horse.",
          "A person rides an animal.",
          "Two children are playing with a red ball on the beach near São Paulo!",
          "The café in Zürich serves naïve crêpes; 東京タワー is far away.",
          "Stocks fell 3.5% on Tuesday, analysts said.");
  static final int LENGTH = 24;

  private static Path onnxFile;
  private static WordPiece tokenizer;
  private static OnnxRuntimeReference reference;
  private static float[][][] expected;
  private static TextBatch batch;

  @BeforeAll
  static void setUp(@TempDir Path dir) throws Exception {
    onnxFile = dir.resolve("all-minilm-l6-v2.onnx");
    Path json = dir.resolve("tokenizer.json");
    try (InputStream model = MiniLmImportTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx");
        InputStream tok = MiniLmImportTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      Files.copy(model, onnxFile, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(tok, json, StandardCopyOption.REPLACE_EXISTING);
    }
    tokenizer = WordPiece.fromTokenizerJson(json);
    batch = TextBatch.encode(tokenizer, SENTENCES, LENGTH);
    reference = OnnxRuntimeReference.open(onnxFile);
    expected = reference.lastHiddenState(ids(), mask());
  }

  @AfterAll
  static void tearDown() throws Exception {
    reference.close();
  }

  private static long[][] ids() {
    long[][] out = new long[batch.size()][batch.maxLength()];
    for (int i = 0; i < batch.size(); i++) {
      for (int j = 0; j < batch.maxLength(); j++) {
        out[i][j] = batch.tokenIds()[i * batch.maxLength() + j];
      }
    }
    return out;
  }

  private static long[][] mask() {
    long[][] out = new long[batch.size()][batch.maxLength()];
    for (int i = 0; i < batch.size(); i++) {
      for (int j = 0; j < batch.maxLength(); j++) {
        out[i][j] = Math.round(batch.mask()[i * batch.maxLength() + j]);
      }
    }
    return out;
  }

  /** An encoder-only spec of the import's sizes, {@link #LENGTH} tokens, plain mean pooling. */
  static ModelSpec spec(EncoderShape shape) {
    return shape.spec("minilm", true, LENGTH, Pooling.PLAIN_MEAN);
  }

  /** Largest |ours - ONNX Runtime| over the real (unpadded) tokens of the batch. */
  private static double maxDifference(float[][][] ours) {
    double max = 0;
    for (int b = 0; b < ours.length; b++) {
      for (int t = 0; t < ours[b].length; t++) {
        if (batch.mask()[b * batch.maxLength() + t] == 0) {
          continue;
        }
        for (int h = 0; h < ours[b][t].length; h++) {
          max = Math.max(max, Math.abs(ours[b][t][h] - expected[b][t][h]));
        }
      }
    }
    return max;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * (double) b[i];
      na += a[i] * (double) a[i];
      nb += b[i] * (double) b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** Compiles the import, checks hidden states and embeddings against ONNX Runtime. */
  private static void checkAgainstOnnxRuntime(ImportedEncoder imported) {
    try (CompiledModel compiled = ModelCompiler.compile(spec(imported.shape()), CompileOptions.inference());
        LiveModel model = LiveModel.open(compiled)) {
      List<String> fresh = model.load(imported.variables());
      assertThat(fresh).isEmpty();
      float[][][] ours = model.encodeTexts(batch);
      double difference = maxDifference(ours);
      System.out.printf("%s: max |last hidden state - ONNX Runtime's| = %.2e%n", imported.format(), difference);
      assertThat(difference).isLessThan(1e-4);
      float[][] embeddings = model.embedTexts(batch);
      float[][] pooled = OnnxRuntimeReference.meanPooled(expected, mask());
      for (int i = 0; i < SENTENCES.size(); i++) {
        for (int j = 0; j < SENTENCES.size(); j++) {
          assertThat(cosine(embeddings[i], embeddings[j])).isCloseTo(cosine(pooled[i], pooled[j]), org.assertj.core.data.Offset.offset(1e-3));
        }
      }
      assertThat(cosine(embeddings[0], embeddings[1])).isCloseTo(0.5795, org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void theOnnxFileGivesOnnxRuntimesHiddenStates() throws Exception {
    ImportedEncoder imported = EncoderImport.onnx(onnxFile);
    EncoderShape shape = imported.shape();
    assertThat(shape)
        .isEqualTo(new EncoderShape(30522, 384, 6, 12, 1536, 512, 2, 0, 1e-12f, Activation.GELU, false));
    assertThat(imported.variables()).hasSize(5 + 16 * 6);
    assertThat(imported.unused()).containsExactly("embeddings.position_ids");
    assertThat(expected[0][0][0]).isCloseTo(-0.16299045f, org.assertj.core.data.Offset.offset(1e-5f));
    checkAgainstOnnxRuntime(imported);
  }

  /** MiniLM's weights in HuggingFace's layout: PyTorch's [out, in] dense weights, a config.json. */
  private static void relay(ImportedEncoder source, Path dir, boolean roberta) throws Exception {
    Files.createDirectories(dir);
    String prefix = roberta ? "roberta." : "bert.";
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (Slot slot : BertNames.slots(source.shape().layers())) {
      FloatTensor value = source.variables().get(slot.variable());
      if (value == null) {
        continue;
      }
      if (slot.role() == Role.MATRIX) {
        value = value.transposed();
      }
      if (roberta && slot.variable().equals("embeddings/position")) {
        // RoBERTa keeps rows 0 and 1 for padding; its positions start at 2.
        float[] shifted = new float[value.values().length + 2 * (int) value.shape()[1]];
        System.arraycopy(value.values(), 0, shifted, 2 * (int) value.shape()[1], value.values().length);
        java.util.Arrays.fill(shifted, 0, 2 * (int) value.shape()[1], 7f);
        value = new FloatTensor(new long[] {value.shape()[0] + 2, value.shape()[1]}, shifted);
      }
      if (roberta && slot.variable().equals("embeddings/token_type")) {
        value = value.rows(0, 1);
      }
      tensors.put(prefix + slot.bertName(), value);
    }
    tensors.put("lm_head.bias", new FloatTensor(new long[] {2}, new float[] {1, 2}));
    SafeTensors.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    EncoderShape s = source.shape();
    String config =
        "{\"model_type\": \"" + (roberta ? "roberta" : "bert") + "\", \"hidden_size\": " + s.hidden()
            + ", \"num_hidden_layers\": " + s.layers() + ", \"num_attention_heads\": " + s.heads()
            + ", \"intermediate_size\": " + s.ffn() + ", \"hidden_act\": \"gelu\", \"vocab_size\": " + s.vocab()
            + ", \"max_position_embeddings\": " + (s.maxPositions() + (roberta ? 2 : 0))
            + ", \"type_vocab_size\": " + (roberta ? 1 : 2) + ", \"layer_norm_eps\": 1e-12"
            + (roberta ? ", \"pad_token_id\": 1" : "") + "}";
    Files.writeString(dir.resolve("config.json"), config, StandardCharsets.UTF_8);
  }

  @Test
  void safetensorsInBertNamingGiveTheSameHiddenStates(@TempDir Path dir) throws Exception {
    relay(EncoderImport.onnx(onnxFile), dir, false);
    ImportedEncoder imported = EncoderImport.huggingFace(dir);
    assertThat(imported.format()).isEqualTo("safetensors (bert)");
    assertThat(imported.unused()).containsExactly("lm_head.bias");
    checkAgainstOnnxRuntime(imported);
  }

  @Test
  void safetensorsInRobertaNamingWithShiftedPositionsGiveTheSameHiddenStates(@TempDir Path dir) throws Exception {
    relay(EncoderImport.onnx(onnxFile), dir, true);
    ImportedEncoder imported = EncoderImport.huggingFace(dir);
    assertThat(imported.format()).isEqualTo("safetensors (roberta)");
    assertThat(imported.shape().positionOffset()).isEqualTo(2);
    assertThat(imported.shape().maxPositions()).isEqualTo(514);
    assertThat(imported.shape().typeVocab()).isEqualTo(1);
    checkAgainstOnnxRuntime(imported);
  }

  @Test
  void aSwappedQueryAndKeyDoNotPass(@TempDir Path dir) throws Exception {
    ImportedEncoder onnx = EncoderImport.onnx(onnxFile);
    Map<String, FloatTensor> swapped = new LinkedHashMap<>(onnx.variables());
    swapped.put("encoder/layer_2/attention/query/kernel", onnx.variables().get("encoder/layer_2/attention/key/kernel"));
    swapped.put("encoder/layer_2/attention/key/kernel", onnx.variables().get("encoder/layer_2/attention/query/kernel"));
    try (CompiledModel compiled = ModelCompiler.compile(spec(onnx.shape()), CompileOptions.inference());
        LiveModel model = LiveModel.open(compiled)) {
      model.load(swapped);
      assertThat(maxDifference(model.encodeTexts(batch))).isGreaterThan(1e-2);
    }
  }

  @Test
  void aTensorOfTheWrongShapeIsNamedWithBothShapes(@TempDir Path dir) throws Exception {
    relay(EncoderImport.onnx(onnxFile), dir, false);
    SafeTensors read = SafeTensors.read(dir.resolve("model.safetensors"));
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (String name : read.entries().keySet()) {
      tensors.put(name, read.tensor(name));
    }
    tensors.put("bert.encoder.layer.3.intermediate.dense.weight", new FloatTensor(new long[] {384, 1536}, new float[384 * 1536]));
    tensors.remove("bert.encoder.layer.4.output.LayerNorm.bias");
    SafeTensors.write(dir.resolve("model.safetensors"), tensors, Map.of());
    assertThatThrownBy(() -> EncoderImport.huggingFace(dir))
        .hasMessageContaining("bert.encoder.layer.3.intermediate.dense.weight: shape [1536, 384], the encoder's encoder/layer_3/ffn/intermediate/kernel needs [384, 1536]")
        .hasMessageContaining("bert.encoder.layer.4.output.LayerNorm.bias: missing (for encoder/layer_4/ffn/layer_norm/beta)");
  }

  @Test
  void anArchitectureTheImporterDoesNotMapIsNamed(@TempDir Path dir) throws Exception {
    relay(EncoderImport.onnx(onnxFile), dir, false);
    Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"distilbert\", \"num_attention_heads\": 12}");
    assertThatThrownBy(() -> EncoderImport.huggingFace(dir))
        .hasMessageContaining("config.json: model_type: 'distilbert' is not an architecture the importer maps (bert, roberta, xlm-roberta, camembert)");
  }

  @Test
  void loadingRefusesAnUnknownVariableOrAWrongShapeBeforeAssigningAnything() throws Exception {
    ImportedEncoder onnx = EncoderImport.onnx(onnxFile);
    try (CompiledModel compiled = ModelCompiler.compile(spec(onnx.shape()), CompileOptions.inference());
        LiveModel model = LiveModel.open(compiled)) {
      assertThatThrownBy(
              () -> model.load(Map.of(
                  "encoder/layer_9/attention/query/kernel", new FloatTensor(new long[] {1}, new float[1]),
                  "embeddings/word", new FloatTensor(new long[] {2, 384}, new float[768]))))
          .hasMessageContaining("encoder/layer_9/attention/query/kernel: no such variable")
          .hasMessageContaining("embeddings/word: the model's variable has shape [30522, 384], the value [2, 384]");
    }
  }
}
