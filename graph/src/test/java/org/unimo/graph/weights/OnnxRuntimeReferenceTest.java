package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.tokenizer.WordPiece;

/**
 * ONNX Runtime on all-MiniLM-L6-v2 reproduces the reference values of ../shared/FIELD_NOTES.md, so
 * that it can serve as the reference for imported weights.
 */
class OnnxRuntimeReferenceTest {
  /** [CLS] a man is riding a horse . [SEP] */
  private static final long[] MAN_RIDING_A_HORSE = {101, 1037, 2158, 2003, 5559, 1037, 3586, 1012, 102};

  private static OnnxRuntimeReference miniLm;
  private static WordPiece wordPiece;

  @BeforeAll
  static void open() throws Exception {
    miniLm = OnnxRuntimeReference.fromResource("/all-minilm-l6-v2.onnx");
    try (InputStream in = OnnxRuntimeReferenceTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      assertThat(in).as("the MiniLM tokenizer on the test class path").isNotNull();
      wordPiece = WordPiece.fromTokenizerJson(new InputStreamReader(in, StandardCharsets.UTF_8), "all-minilm-l6-v2-tokenizer.json");
    }
  }

  @AfterAll
  static void close() throws Exception {
    miniLm.close();
  }

  /** [CLS] pieces [SEP], as int64. */
  private static long[] withSpecials(String text) {
    int[] pieces = wordPiece.encode(text);
    long[] ids = new long[pieces.length + 2];
    ids[0] = wordPiece.specials().cls();
    for (int i = 0; i < pieces.length; i++) {
      ids[i + 1] = pieces[i];
    }
    ids[ids.length - 1] = wordPiece.specials().sep();
    return ids;
  }

  private static long[] ones(int n) {
    long[] mask = new long[n];
    Arrays.fill(mask, 1);
    return mask;
  }

  @Test
  void theModelsInputsAndOutputAreFoundByName() {
    assertThat(miniLm.inputNames()).containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
    assertThat(miniLm.hiddenOutputName()).isEqualTo("last_hidden_state");
  }

  @Test
  void theReferenceSentencesIdsAreThoseOfTheTokenizer() {
    assertThat(withSpecials("A man is riding a horse.")).containsExactly(MAN_RIDING_A_HORSE);
    // Each id checked by hand against the tokenizer.json vocabulary: a=1037, person=2711,
    // rides=12271, an=2019, animal=4111, .=1012.
    assertThat(wordPiece.pieces("A person rides an animal.")).containsExactly("a", "person", "rides", "an", "animal", ".");
    assertThat(withSpecials("A person rides an animal.")).containsExactly(101, 1037, 2711, 12271, 2019, 4111, 1012, 102);
  }

  @Test
  void lastHiddenStateAndMeanPooledCosineMatchTheReference() throws Exception {
    float[][][] horse = miniLm.lastHiddenState(new long[][] {MAN_RIDING_A_HORSE}, new long[][] {ones(9)});
    assertThat(horse).hasDimensions(1, 9);
    assertThat(horse[0][0]).hasSize(384);
    assertThat(horse[0][0][0]).isCloseTo(-0.16299045f, within(1e-5f));

    long[] animal = withSpecials("A person rides an animal.");
    long[][] animalMask = {ones(animal.length)};
    float[][][] person = miniLm.lastHiddenState(new long[][] {animal}, animalMask);
    double cosine =
        OnnxRuntimeReference.cosine(
            OnnxRuntimeReference.meanPooled(horse, new long[][] {ones(9)})[0],
            OnnxRuntimeReference.meanPooled(person, animalMask)[0]);
    assertThat(cosine).isCloseTo(0.5795, within(1e-3));
  }

  @Test
  void paddingInABatchLeavesTheRealTokensHiddenStatesAndThePoolingUnchanged() throws Exception {
    float[][][] alone = miniLm.lastHiddenState(new long[][] {MAN_RIDING_A_HORSE}, new long[][] {ones(9)});

    long[] longer = withSpecials("Two men are riding brown horses along a sandy beach at sunset.");
    assertThat(longer.length).isGreaterThan(9).isLessThanOrEqualTo(16);
    long[][] ids = new long[2][16];
    long[][] mask = new long[2][16];
    System.arraycopy(MAN_RIDING_A_HORSE, 0, ids[0], 0, 9);
    Arrays.fill(mask[0], 0, 9, 1);
    System.arraycopy(longer, 0, ids[1], 0, longer.length);
    Arrays.fill(mask[1], 0, longer.length, 1);
    float[][][] batch = miniLm.lastHiddenState(ids, mask);

    assertThat(batch).hasDimensions(2, 16);
    float maxDifference = 0;
    for (int t = 0; t < 9; t++) {
      for (int i = 0; i < 384; i++) {
        maxDifference = Math.max(maxDifference, Math.abs(batch[0][t][i] - alone[0][t][i]));
      }
    }
    assertThat(maxDifference).isLessThan(1e-5f);
    float[] pooledAlone = OnnxRuntimeReference.meanPooled(alone, new long[][] {ones(9)})[0];
    float[] pooledInBatch = OnnxRuntimeReference.meanPooled(batch, mask)[0];
    for (int i = 0; i < 384; i++) {
      assertThat(pooledInBatch[i]).isCloseTo(pooledAlone[i], within(1e-5f));
    }
  }
}
