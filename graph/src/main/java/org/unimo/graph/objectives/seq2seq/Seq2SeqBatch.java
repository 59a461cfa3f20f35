package org.unimo.graph.objectives.seq2seq;

import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.Draws;

/**
 * A seq2seq LM batch: each {@code [CLS] w1 ... wn [SEP]} row split into a source and a target
 * segment, and at each position the next token with a weight of 1 when that token is a target
 * token.
 */
public record Seq2SeqBatch(TextBatch input, float[] segment, int[] labels, float[] weights) {

  /**
   * Splits each row of {@code clean}: cut after a random subword (the source keeps at least [CLS]
   * and one subword when there are two or more), or, {@code leftToRight}, every position a target
   * (then nothing is drawn).
   */
  public static Seq2SeqBatch of(TextBatch clean, boolean leftToRight, Draws draws) {
    int size = clean.size();
    int[] firstTarget = new int[size];
    for (int b = 0; b < size; b++) {
      int subwords = realLength(clean, b) - 2;
      firstTarget[b] = leftToRight ? 0 : subwords >= 2 ? 2 + draws.example(b).nextInt(subwords - 1) : 1;
    }
    return at(clean, firstTarget);
  }

  /**
   * Splits row b of {@code clean} at {@code firstTarget[b]}: positions before it are the source,
   * the others the target; the next tokens from that position on are predicted.
   */
  public static Seq2SeqBatch at(TextBatch clean, int[] firstTarget) {
    int size = clean.size();
    int length = clean.maxLength();
    if (firstTarget.length != size) {
      throw new IllegalArgumentException(firstTarget.length + " splits for " + size + " rows");
    }
    float[] segment = new float[size * length];
    int[] labels = new int[size * length];
    float[] weights = new float[size * length];
    for (int b = 0; b < size; b++) {
      int real = realLength(clean, b);
      for (int t = firstTarget[b]; t < length; t++) {
        segment[b * length + t] = 1f;
      }
      for (int t = 0; t + 1 < real; t++) {
        labels[b * length + t] = clean.tokenIds()[b * length + t + 1];
        weights[b * length + t] = t + 1 >= firstTarget[b] ? 1f : 0f;
      }
    }
    return new Seq2SeqBatch(clean, segment, labels, weights);
  }

  private static int realLength(TextBatch batch, int row) {
    int length = batch.maxLength();
    int real = 0;
    while (real < length && batch.mask()[row * length + real] > 0) {
      real++;
    }
    return real;
  }
}
