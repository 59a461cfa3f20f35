package org.unimo.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.proto.Encoder;
import org.unimo.graph.Params.Init;

/**
 * The pre-training losses. Cross-entropies use the dense {@code SoftmaxCrossEntropyWithLogits}:
 * TensorFlow's C++ gradient registry has no gradient for the sparse variant.
 */
final class Objectives {
  private Objectives() {}

  /**
   * Masked LM: gathers the hidden states at {@code positions} [B, P], transforms them (dense,
   * activation, LayerNorm), scores them against the tied word embeddings and returns the
   * weight-averaged cross-entropy against {@code labels}.
   */
  static Operand<TFloat32> maskedLm(
      Ops tf,
      Layers layers,
      UnifiedEncoder encoder,
      Encoder config,
      int vocab,
      Operand<TFloat32> sequence,
      int length,
      Operand<TInt32> positions,
      Operand<TInt32> labels,
      Operand<TFloat32> weights) {
    int hidden = config.getHidden();
    Operand<TFloat32> select = tf.oneHot(positions, tf.constant(length), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> gathered =
        tf.reshape(
            tf.linalg.einsum(List.of(select, sequence), "bpt,bth->bph"),
            tf.constant(new int[] {-1, hidden}));
    Operand<TFloat32> perPrediction =
        tokenCrossEntropy(tf, vocab, lmLogits(tf, layers, encoder, config, vocab, gathered), labels);
    return weightedMean(tf, perPrediction, weights);
  }

  /**
   * The language-model head shared by every LM objective (UniLM shares one output layer): dense,
   * activation, LayerNorm, then scores against the tied word embeddings. [N, H] to [N, V].
   */
  static Operand<TFloat32> lmLogits(
      Ops tf, Layers layers, UnifiedEncoder encoder, Encoder config, int vocab, Operand<TFloat32> hidden2d) {
    int hidden = config.getHidden();
    Operand<TFloat32> transformed =
        layers.layerNorm(
            tf,
            Layers.activation(tf, layers.dense(tf, hidden2d, hidden, hidden, "mlm_head/transform"), config.getActivation()),
            hidden,
            "mlm_head/layer_norm");
    Operand<TFloat32> bias = layers.params().get("mlm_head/output_bias", Shape.of(vocab), Init.ZEROS);
    return tf.nn.biasAdd(
        layers.matMul(tf, transformed, encoder.wordEmbeddings(), MatMul.transposeB(true)), bias);
  }

  /** Cross-entropy [N] of logits [N, V] against token ids (any shape with N elements). */
  static Operand<TFloat32> tokenCrossEntropy(
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
  static Operand<TFloat32> seq2seq(
      Ops tf,
      Layers layers,
      UnifiedEncoder encoder,
      Encoder config,
      int vocab,
      Operand<TFloat32> sequence,
      Operand<TInt32> labels,
      Operand<TFloat32> weights) {
    Operand<TFloat32> flat = tf.reshape(sequence, tf.constant(new int[] {-1, config.getHidden()}));
    Operand<TFloat32> perPosition =
        tokenCrossEntropy(tf, vocab, lmLogits(tf, layers, encoder, config, vocab, flat), labels);
    return weightedMean(tf, perPosition, weights);
  }

  /**
   * In-batch CMCL: text i and image i are the positive pair, every other text and image of the
   * batch a negative. Returns the mean of the text-to-image and image-to-text cross-entropies over
   * cosine similarities divided by {@code temperature}.
   */
  static Operand<TFloat32> inBatchCmcl(
      Ops tf, Operand<TFloat32> textEmbedding, Operand<TFloat32> imageEmbedding, float temperature) {
    Operand<TFloat32> logits =
        tf.math.mul(
            tf.linalg.matMul(textEmbedding, imageEmbedding, MatMul.transposeB(true)),
            tf.constant(1f / temperature));
    Operand<TInt32> batch = UnifiedEncoder.batchSize(tf, textEmbedding);
    Operand<TFloat32> identity =
        tf.oneHot(tf.range(tf.constant(0), batch, tf.constant(1)), batch, tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> textToImage =
        tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, identity).loss(), tf.constant(0));
    Operand<TFloat32> imageToText =
        tf.math.mean(
            tf.nn.softmaxCrossEntropyWithLogits(
                    tf.linalg.transpose(logits, tf.constant(new int[] {1, 0})), identity)
                .loss(),
            tf.constant(0));
    return tf.math.mul(tf.constant(0.5f), tf.math.add(textToImage, imageToText));
  }

  /**
   * Masked region feature regression: the mean squared error between predicted and original
   * features of each masked region, averaged over the masked regions.
   *
   * @param predicted [B, R, F]
   * @param target [B, R, F]
   * @param masked [B, R]: 1 for the regions that count
   */
  static Operand<TFloat32> mrfr(
      Ops tf, Operand<TFloat32> predicted, Operand<TFloat32> target, Operand<TFloat32> masked) {
    Operand<TFloat32> perRegion =
        tf.math.mean(tf.math.squaredDifference(predicted, target), tf.constant(-1));
    return weightedMean(tf, perRegion, masked);
  }

  /**
   * Masked region classification against the detector's class distribution {@code target}:
   * soft, the KL divergence {@code KL(target || softmax(logits))}; hard, the cross-entropy with
   * {@code target} one-hot. Averaged over the masked regions.
   *
   * @param logits [B, R, C]
   * @param target [B, R, C], rows summing to 1
   * @param masked [B, R]
   */
  static Operand<TFloat32> mrc(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> target,
      Operand<TFloat32> masked,
      int classes,
      boolean soft) {
    Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new int[] {-1, classes}));
    Operand<TFloat32> flatTarget = tf.reshape(target, tf.constant(new int[] {-1, classes}));
    Operand<TFloat32> crossEntropy =
        tf.nn.softmaxCrossEntropyWithLogits(flatLogits, flatTarget).loss();
    Operand<TFloat32> perRegion = crossEntropy;
    if (soft) {
      // KL = cross-entropy - entropy(target); the entropy is constant, subtracting it makes the
      // loss reach 0 when the prediction matches the detector.
      Operand<TFloat32> entropy =
          tf.math.neg(
              tf.reduceSum(
                  tf.math.mul(flatTarget, tf.math.log(tf.math.maximum(flatTarget, tf.constant(1e-12f)))),
                  tf.constant(-1)));
      perRegion = tf.math.sub(crossEntropy, tf.stopGradient(entropy));
    }
    return weightedMean(tf, perRegion, tf.reshape(masked, tf.constant(new int[] {-1})));
  }

  /** {@code sum(values * weights) / max(sum(weights), 1)} over every axis. */
  static Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> values, Operand<TFloat32> weights) {
    Operand<TFloat32> flatValues = tf.reshape(values, tf.constant(new int[] {-1}));
    Operand<TFloat32> flatWeights = tf.reshape(weights, tf.constant(new int[] {-1}));
    Operand<TFloat32> total = tf.reduceSum(tf.math.mul(flatValues, flatWeights), tf.constant(0));
    Operand<TFloat32> count = tf.math.maximum(tf.reduceSum(flatWeights, tf.constant(0)), tf.constant(1f));
    return tf.math.div(total, count);
  }
}
