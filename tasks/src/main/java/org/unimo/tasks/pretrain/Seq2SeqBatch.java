package org.unimo.tasks.pretrain;

import org.tensorflow.Session;
import org.unimo.dsl.proto.Seq2SeqLm.Attention;
import org.unimo.graph.Feeds;
import org.unimo.graph.Names;
import org.unimo.graph.Tensors;
import org.unimo.graph.TextBatch;

/**
 * A seq2seq LM batch: each {@code [CLS] w1 ... wn [SEP]} row split into a source and a target
 * segment, and at each position the next token with a weight of 1 when that token is a target
 * token.
 */
record Seq2SeqBatch(TextBatch input, float[] segment, int[] labels, float[] weights) {

  /**
   * Splits each row of {@code clean}: SEQ2SEQ cuts after a random subword (the source keeps at
   * least [CLS] and one subword when there are two or more), LEFT_TO_RIGHT makes every position
   * a target.
   */
  static Seq2SeqBatch of(TextBatch clean, Attention attention, Draws draws) {
    int size = clean.size();
    int length = clean.maxLength();
    float[] segment = new float[size * length];
    int[] labels = new int[size * length];
    float[] weights = new float[size * length];
    for (int b = 0; b < size; b++) {
      int real = 0;
      while (real < length && clean.mask()[b * length + real] > 0) {
        real++;
      }
      int subwords = real - 2;
      int firstTarget =
          attention == Attention.LEFT_TO_RIGHT ? 0 : subwords >= 2 ? 2 + draws.example(b).nextInt(subwords - 1) : 1;
      for (int t = firstTarget; t < length; t++) {
        segment[b * length + t] = 1f;
      }
      for (int t = 0; t + 1 < real; t++) {
        labels[b * length + t] = clean.tokenIds()[b * length + t + 1];
        weights[b * length + t] = t + 1 >= firstTarget ? 1f : 0f;
      }
    }
    return new Seq2SeqBatch(clean, segment, labels, weights);
  }

  Session.Runner feed(Session.Runner runner, Feeds owned) {
    int size = input.size();
    int length = input.maxLength();
    return runner
        .feed(Names.S2S_TOKEN_IDS, owned.add(input.tokenIdsTensor()))
        .feed(Names.S2S_MASK, owned.add(input.maskTensor()))
        .feed(Names.S2S_SEGMENT, owned.add(Tensors.floats(segment, size, length)))
        .feed(Names.S2S_LABELS, owned.add(Tensors.ints(labels, size, length)))
        .feed(Names.S2S_WEIGHTS, owned.add(Tensors.floats(weights, size, length)));
  }

  /** Feeds the next-token targets of caption generation ({@code caption/*}). */
  Session.Runner feedAsCaptions(Session.Runner runner, Feeds owned) {
    int size = input.size();
    int length = input.maxLength();
    return runner
        .feed(Names.CAPTION_LABELS, owned.add(Tensors.ints(labels, size, length)))
        .feed(Names.CAPTION_WEIGHTS, owned.add(Tensors.floats(weights, size, length)));
  }
}
