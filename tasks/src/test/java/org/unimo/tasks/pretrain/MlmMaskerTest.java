package org.unimo.tasks.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.proto.MaskedLm;
import org.unimo.graph.MaskedLmBatch;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.SpecialTokens;

class MlmMaskerTest {
  private static final MaskedLm CONFIG =
      MaskedLm.newBuilder().setRate(0.15f).setMaskShare(0.8f).setRandomShare(0.1f).setMaxPredictions(4).build();

  private static TextBatch batch(int rows) {
    int[][] ids = new int[rows][];
    for (int b = 0; b < rows; b++) {
      ids[b] = new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    }
    return TextBatch.of(ids, 16);
  }

  @Test
  void predictsOriginalIdsAtChosenPositionsAndNeverSpecials() {
    TextBatch clean = batch(50);
    MaskedLmBatch masked = new MlmMasker(CONFIG, 100, id -> true).mask(clean, Draws.seeded(1));
    for (int b = 0; b < 50; b++) {
      int chosen = 0;
      for (int p = 0; p < 4; p++) {
        int slot = b * 4 + p;
        if (masked.weights()[slot] == 0) {
          continue;
        }
        chosen++;
        int position = masked.positions()[slot];
        assertThat(position).isBetween(1, 10); // never [CLS] at 0, [SEP] at 11 or padding
        assertThat(masked.labels()[slot]).isEqualTo(clean.tokenIds()[b * 16 + position]);
      }
      // 15% of 10 subwords rounds to 2.
      assertThat(chosen).isEqualTo(2);
      assertThat(masked.input().tokenIds()[b * 16]).isEqualTo(SpecialTokens.CLS);
      assertThat(masked.input().tokenIds()[b * 16 + 11]).isEqualTo(SpecialTokens.SEP);
    }
  }

  @Test
  void replacesAboutEightyPercentByMaskAndTenByRandomTokens() {
    TextBatch clean = batch(2000);
    MaskedLmBatch masked = new MlmMasker(CONFIG, 100, id -> true).mask(clean, Draws.seeded(2));
    int total = 0;
    int mask = 0;
    int kept = 0;
    for (int slot = 0; slot < masked.weights().length; slot++) {
      if (masked.weights()[slot] == 0) continue;
      total++;
      int b = slot / 4;
      int now = masked.input().tokenIds()[b * 16 + masked.positions()[slot]];
      if (now == SpecialTokens.MASK) mask++;
      else if (now == masked.labels()[slot]) kept++;
    }
    assertThat((double) mask / total).isBetween(0.77, 0.83);
    // "kept" includes random draws that happen to hit the original id (1 in 94).
    assertThat((double) kept / total).isBetween(0.08, 0.12);
  }

  @Test
  void theSameSeedMasksTheSameWay() {
    MlmMasker masker = new MlmMasker(CONFIG, 100, id -> true);
    assertThat(masker.mask(batch(8), Draws.seeded(5)).input().tokenIds())
        .containsExactly(masker.mask(batch(8), Draws.seeded(5)).input().tokenIds());
  }

  @Test
  void wholeWordMaskingChoosesEverySubwordOfAWord() {
    // Words start at even ids: 10 11 | 12 13 | 14 15 | 16 17 | 18 19 (five two-subword words).
    MaskedLm wholeWord = CONFIG.toBuilder().setWholeWord(true).setRate(0.4f).build();
    MaskedLmBatch masked =
        new MlmMasker(wholeWord, 100, id -> id % 2 == 0).mask(batch(200), Draws.seeded(4));
    for (int b = 0; b < 200; b++) {
      java.util.Set<Integer> labels = new java.util.HashSet<>();
      for (int p = 0; p < 4; p++) {
        if (masked.weights()[b * 4 + p] > 0) labels.add(masked.labels()[b * 4 + p]);
      }
      // 40% of 10 subwords is 4: two whole words, never half of one.
      assertThat(labels).hasSize(4);
      for (int label : labels) {
        int partner = label % 2 == 0 ? label + 1 : label - 1;
        assertThat(labels).as("row %d: %s", b, labels).contains(partner);
      }
    }
  }
}
