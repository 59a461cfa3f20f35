package org.unimo.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.graph.Params.Init;

/**
 * Losses shared by objectives and heads: the language-model head and its cross-entropies, and
 * weighted means. Cross-entropies use the dense {@code SoftmaxCrossEntropyWithLogits}: TensorFlow's
 * C++ gradient registry has no gradient for the sparse variant.
 */
public final class Losses {
  private Losses() {}

  /**
   * Masked LM: gathers the hidden states at {@code positions} [B, P], transforms them (dense,
   * activation, LayerNorm), scores them against the tied word embeddings and returns the
   * weight-averaged cross-entropy against {@code labels}.
   */
  public static Operand<TFloat32> maskedLm(
      Ops tf,
      UnifiedEncoder encoder,
      int vocab,
      Operand<TFloat32> sequence,
      int length,
      Operand<TInt32> positions,
      Operand<TInt32> labels,
      Operand<TFloat32> weights) {
    int hidden = encoder.hidden();
    Operand<TFloat32> select = tf.oneHot(positions, tf.constant(length), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> gathered =
        tf.reshape(
            tf.linalg.einsum(List.of(select, sequence), "bpt,bth->bph"),
            tf.constant(new int[] {-1, hidden}));
    Operand<TFloat32> perPrediction =
        tokenCrossEntropy(tf, vocab, lmLogits(tf, encoder, vocab, gathered), labels);
    return weightedMean(tf, perPrediction, weights);
  }

  /**
   * The language-model head shared by every LM objective (UniLM shares one output layer): dense,
   * activation, LayerNorm, then scores against the tied word embeddings. [N, H] to [N, V].
   */
  public static Operand<TFloat32> lmLogits(
      Ops tf, UnifiedEncoder encoder, int vocab, Operand<TFloat32> hidden2d) {
    Layers layers = encoder.layers();
    int hidden = encoder.hidden();
    Operand<TFloat32> transformed =
        layers.layerNorm(
            tf,
            Layers.activation(tf, layers.dense(tf, hidden2d, hidden, hidden, "lm_head/transform"), encoder.config().activation()),
            hidden,
            "lm_head/layer_norm");
    Operand<TFloat32> bias = layers.params().get("lm_head/output_bias", Shape.of(vocab), Init.ZEROS);
    return tf.nn.biasAdd(
        layers.matMul(tf, transformed, encoder.wordEmbeddings(), MatMul.transposeB(true)), bias);
  }

  /** Cross-entropy [N] of logits [N, V] against token ids (any shape with N elements). */
  public static Operand<TFloat32> tokenCrossEntropy(
      Ops tf, int vocab, Operand<TFloat32> logits, Operand<TInt32> labels) {
    Operand<TFloat32> targets =
        tf.oneHot(
            tf.reshape(labels, tf.constant(new int[] {-1})),
            tf.constant(vocab),
            tf.constant(1f),
            tf.constant(0f));
    return tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
  }

  /**
   * Seq2seq LM: every position predicts the next token through the shared LM head; averaged over
   * the positions whose weight is 1 (those whose next token is a target token).
   *
   * @param sequence [B, T, H] encoded under {@link UnifiedEncoder#segmentBias}
   * @param labels [B, T] next-token ids
   * @param weights [B, T]
   */
  public static Operand<TFloat32> nextToken(
      Ops tf,
      UnifiedEncoder encoder,
      int vocab,
      Operand<TFloat32> sequence,
      Operand<TInt32> labels,
      Operand<TFloat32> weights) {
    Operand<TFloat32> flat = tf.reshape(sequence, tf.constant(new int[] {-1, encoder.hidden()}));
    Operand<TFloat32> perPosition =
        tokenCrossEntropy(tf, vocab, lmLogits(tf, encoder, vocab, flat), labels);
    return weightedMean(tf, perPosition, weights);
  }

  /** {@code sum(values * weights) / max(sum(weights), 1)} over every axis. */
  public static Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> values, Operand<TFloat32> weights) {
    Operand<TFloat32> flatValues = tf.reshape(values, tf.constant(new int[] {-1}));
    Operand<TFloat32> flatWeights = tf.reshape(weights, tf.constant(new int[] {-1}));
    Operand<TFloat32> total = tf.reduceSum(tf.math.mul(flatValues, flatWeights), tf.constant(0));
    Operand<TFloat32> count = tf.math.maximum(tf.reduceSum(flatWeights, tf.constant(0)), tf.constant(1f));
    return tf.math.div(total, count);
  }
}
