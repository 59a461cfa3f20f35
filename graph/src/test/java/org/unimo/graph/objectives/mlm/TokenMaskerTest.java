package org.unimo.graph.objectives.mlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import java.util.function.IntPredicate;
import org.unimo.dsl.TokenMasking;
import org.unimo.graph.TextBatch;
import org.unimo.graph.TinyBatches;
import org.unimo.graph.objective.Draws;
import org.unimo.rewriting.tokenizer.SpecialIds;
import org.unimo.rewriting.tokenizer.SpecialTokens;
import org.unimo.rewriting.tokenizer.Tokenizer;

class TokenMaskerTest {
  private static final TokenMasking CONFIG = new TokenMasking(0.15f, 0.8f, 0.1f, 4, false);

  /** The test tokenizer with {@code startsWord} as given. */
  private static Tokenizer words(IntPredicate startsWord) {
    Tokenizer base = TinyBatches.TOKENIZER;
    return new Tokenizer() {
      @Override
      public int vocabSize() {
        return base.vocabSize();
      }

      @Override
      public int[] encode(String text) {
        return base.encode(text);
      }

      @Override
      public String decode(int[] ids) {
        return base.decode(ids);
      }

      @Override
      public String kind() {
        return base.kind();
      }

      @Override
      public boolean startsWord(int id) {
        return startsWord.test(id);
      }
    };
  }

  private static TextBatch batch(int rows) {
    int[][] ids = new int[rows][];
    for (int b = 0; b < rows; b++) {
      ids[b] = new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    }
    return TextBatch.of(ids, 16, SpecialIds.TOOLKIT);
  }

  @Test
  void predictsOriginalIdsAtChosenPositionsAndNeverSpecials() {
    TextBatch clean = batch(50);
    MaskedLmBatch masked = new TokenMasker(CONFIG, 100, words(id -> true)).mask(clean, Draws.seeded(1));
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
    MaskedLmBatch masked = new TokenMasker(CONFIG, 100, words(id -> true)).mask(clean, Draws.seeded(2));
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
    TokenMasker masker = new TokenMasker(CONFIG, 100, words(id -> true));
    assertThat(masker.mask(batch(8), Draws.seeded(5)).input().tokenIds())
        .containsExactly(masker.mask(batch(8), Draws.seeded(5)).input().tokenIds());
  }

  @Test
  void theTokenizersSpecialIdsAreNeverChosenAndItsMaskIdIsUsed() {
    // BERT's layout: [PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103.
    SpecialIds bert = new SpecialIds(0, 101, 102, 103, 100, new int[] {0, 100, 101, 102, 103});
    Tokenizer tokenizer =
        new Tokenizer() {
          @Override
          public SpecialIds specials() {
            return bert;
          }

          @Override
          public int vocabSize() {
            return 200;
          }

          @Override
          public int[] encode(String text) {
            return new int[0];
          }

          @Override
          public String decode(int[] ids) {
            return "";
          }

          @Override
          public String kind() {
            return "bert-like";
          }

          @Override
          public boolean startsWord(int id) {
            return true;
          }
        };
    int[][] ids = new int[300][];
    for (int b = 0; b < ids.length; b++) {
      ids[b] = new int[] {1, 2, 3, 4, 5, 6, 7, 8};
    }
    TextBatch clean = TextBatch.of(ids, 12, bert);
    assertThat(clean.tokenIds()[0]).isEqualTo(101);
    assertThat(clean.tokenIds()[9]).isEqualTo(102);
    MaskedLmBatch masked =
        new TokenMasker(new TokenMasking(0.5f, 0.5f, 0.5f, 6, false), 200, tokenizer).mask(clean, Draws.seeded(9));
    boolean sawMask = false;
    for (int slot = 0; slot < masked.weights().length; slot++) {
      if (masked.weights()[slot] == 0) continue;
      assertThat(masked.positions()[slot]).isBetween(1, 8);
      int now = masked.input().tokenIds()[(slot / 6) * 12 + masked.positions()[slot]];
      sawMask |= now == 103;
      assertThat(now == 103 || !bert.isSpecial(now)).as("replacement %d", now).isTrue();
    }
    assertThat(sawMask).isTrue();
  }

  @Test
  void wholeWordMaskingChoosesEverySubwordOfAWord() {
    // Words start at even ids: 10 11 | 12 13 | 14 15 | 16 17 | 18 19 (five two-subword words).
    TokenMasking wholeWord = new TokenMasking(0.4f, 0.8f, 0.1f, 4, true);
    MaskedLmBatch masked =
        new TokenMasker(wholeWord, 100, words(id -> id % 2 == 0)).mask(batch(200), Draws.seeded(4));
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
