package org.unimo.graph.objectives.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.Draws;
import org.unimo.rewriting.tokenizer.SpecialIds;

class Seq2SeqBatchTest {
  @Test
  void seq2seqPredictsTheTargetsNextTokens() {
    TextBatch clean = TextBatch.of(new int[][] {{10, 11, 12, 13}, {20}}, 8, SpecialIds.TOOLKIT);
    Seq2SeqBatch batch = Seq2SeqBatch.of(clean, false, Draws.seeded(3));
    // Row 0: [CLS] 10 11 12 13 [SEP]; the target starts somewhere in 2..4 and runs to [SEP].
    int first = 0;
    while (batch.segment()[first] == 0f) first++;
    assertThat(first).isBetween(2, 4);
    for (int t = 0; t < 5; t++) {
      assertThat(batch.labels()[t]).isEqualTo(clean.tokenIds()[t + 1]);
      assertThat(batch.weights()[t]).isEqualTo(t + 1 >= first ? 1f : 0f);
    }
    assertThat(batch.weights()[5]).isZero(); // nothing follows [SEP]
    // Row 1 has one subword: only [CLS] is source.
    assertThat(batch.segment()[8]).isZero();
    assertThat(batch.segment()[9]).isEqualTo(1f);
    Seq2SeqBatch leftToRight = Seq2SeqBatch.of(clean, true, Draws.seeded(3));
    assertThat(leftToRight.segment()).containsOnly(1f);
    assertThat(java.util.Arrays.copyOfRange(leftToRight.weights(), 0, 8)).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
  }
}
