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
   * CMCL as the paper writes it, per anchor pair i: {@code -log(sum over positives exp(l) / sum
   * over positives and negatives exp(l))}, averaged over the batch. Logits are similarities already
   * divided by the temperature; entries whose validity is 0 (samples a pair does not have) drop
   * out of both sums.
   *
   * @param positives [B, P] logits of the positive pairs; column 0 (the pair itself) must be valid
   * @param positiveValid [B, P] 1 for the positives that count
   * @param negatives [B, N] logits of the negative pairs
   * @param negativeValid [B, N] 1 for the negatives that count
   */
  static Operand<TFloat32> cmcl(
      Ops tf,
      Operand<TFloat32> positives,
      Operand<TFloat32> positiveValid,
      Operand<TFloat32> negatives,
      Operand<TFloat32> negativeValid) {
    Operand<TFloat32> maskedPositives = masked(tf, positives, positiveValid);
    Operand<TFloat32> all =
        tf.concat(List.of(maskedPositives, masked(tf, negatives, negativeValid)), tf.constant(1));
    Operand<TFloat32> perPair = tf.math.sub(logSumExp(tf, all), logSumExp(tf, maskedPositives));
    return tf.math.mean(perPair, tf.constant(0));
  }

  /**
   * The in-batch part of CMCL for texts {@code t} and images {@code v} (rows L2-normalized, pair i
   * = text i + image i): the positive logit of each pair [B, 1], and its negatives [B, 2B] -- every
   * other image with its text, {@code (V_j, W_i)}, then its image with every other text, {@code
   * (V_i, W_j)} -- with their validity (0 on the pair itself).
   */
  static InBatch inBatch(Ops tf, Operand<TFloat32> t, Operand<TFloat32> v, Operand<TFloat32> inverseTemperature) {
    Operand<TFloat32> logits =
        tf.math.mul(tf.linalg.matMul(t, v, MatMul.transposeB(true)), inverseTemperature); // [text, image]
    Operand<TInt32> batch = UnifiedEncoder.batchSize(tf, t);
    Operand<TFloat32> identity =
        tf.oneHot(tf.range(tf.constant(0), batch, tf.constant(1)), batch, tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> positive =
        tf.reduceSum(tf.math.mul(logits, identity), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true));
    Operand<TFloat32> otherImages = logits; // row i: (V_j, W_i)
    Operand<TFloat32> otherTexts = tf.linalg.transpose(logits, tf.constant(new int[] {1, 0})); // row i: (V_i, W_j)
    // Built from the identity, not OnesLike: TensorFlow's C++ registry has no gradient for it.
    Operand<TFloat32> notSelf = tf.math.sub(tf.constant(1f), identity);
    Operand<TFloat32> one = tf.reduceSum(identity, tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true));
    return new InBatch(
        positive,
        one,
        tf.concat(List.of(otherImages, otherTexts), tf.constant(1)),
        tf.concat(List.of(notSelf, notSelf), tf.constant(1)));
  }

  /** The in-batch logits of {@link #inBatch}, with their validity ([B, 1] of ones; [B, 2B]). */
  record InBatch(
      Operand<TFloat32> positive,
      Operand<TFloat32> positiveValid,
      Operand<TFloat32> negatives,
      Operand<TFloat32> negativeValid) {}

  /** Invalid entries pushed to -1e9: exp underflows to exactly 0, with no infinities around. */
  private static Operand<TFloat32> masked(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> valid) {
    return tf.math.add(logits, tf.math.mul(tf.math.sub(valid, tf.constant(1f)), tf.constant(1e9f)));
  }

  /** log(sum(exp(x))) over the last axis of [B, K], stable: the row max is taken out first. */
  private static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> max = tf.stopGradient(tf.reduceMax(x, tf.constant(1), org.tensorflow.op.core.ReduceMax.keepDims(true)));
    Operand<TFloat32> sum =
        tf.reduceSum(tf.math.exp(tf.math.sub(x, max)), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true));
    return tf.reshape(tf.math.add(tf.math.log(sum), max), tf.constant(new int[] {-1}));
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
