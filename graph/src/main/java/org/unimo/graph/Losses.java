package org.unimo.graph;

import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gather;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.unimo.graph.Params.Init;

/**
 * Losses shared by objectives and heads: the language-model head and its cross-entropies, and
 * weighted means.
 *
 * <p>LM cross-entropies never build one-hot targets: at UNIMO's shapes (32 x 512 tokens, a 50k
 * vocabulary) a one-hot [N, V] is 3.3 GB of floats per objective, as large as the logits
 * themselves. They take the log-softmax of the logits and gather the target's entry; both ops have
 * gradients in TensorFlow's C++ registry, which has none for {@code
 * SparseSoftmaxCrossEntropyWithLogits}. LogSoftmax subtracts each row's maximum before
 * exponentiating, as the dense {@code SoftmaxCrossEntropyWithLogits} does, and the two agree to
 * float32 rounding (LossesTest compares values and gradients).
 *
 * <p>The [N, V] logits have one row per prediction, not one per position: masked LM gathers its P
 * predicted positions per sequence before the LM head; next-token prediction runs the head's
 * [B * T, H] transform everywhere and scores against the vocabulary only the positions whose weight
 * is positive (a count that changes from batch to batch). Logits are float32 whatever the compile
 * precision: {@link Layers#matMul} casts its product back.
 */
public final class Losses {
  private Losses() {}

  static {
    // TensorFlow's C++ registry has no gradient for PlaceholderWithDefault (the overridable weight
    // sum of a weighted mean): it is the identity on its default, and so is its gradient.
    TensorFlow.registerCustomGradient(
        "PlaceholderWithDefault", (tf, op, gradients) -> java.util.List.<Operand<?>>of(tf.identity(gradients.get(0))));
  }

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
    // Row b * T + p of the flattened [B * T, H] states is position p of sequence b.
    Operand<TInt32> rowStarts =
        tf.math.mul(
            tf.range(tf.constant(0), UnifiedEncoder.batchSize(tf, positions), tf.constant(1)), tf.constant(length));
    Operand<TInt32> rows =
        tf.reshape(tf.math.add(positions, tf.expandDims(rowStarts, tf.constant(1))), tf.constant(new int[] {-1}));
    Operand<TFloat32> gathered =
        tf.gather(tf.reshape(sequence, tf.constant(new int[] {-1, hidden})), rows, tf.constant(0));
    Operand<TFloat32> perPrediction = tokenCrossEntropy(tf, lmLogits(tf, encoder, vocab, gathered), labels);
    return weightedMean(tf, perPrediction, weights);
  }

  /**
   * The language-model head shared by every LM objective (UniLM shares one output layer): dense,
   * activation, LayerNorm, then scores against the tied word embeddings. [N, H] to [N, V].
   */
  public static Operand<TFloat32> lmLogits(
      Ops tf, UnifiedEncoder encoder, int vocab, Operand<TFloat32> hidden2d) {
    return lmScores(tf, encoder, vocab, lmTransform(tf, encoder, hidden2d));
  }

  /** The LM head's dense, activation and LayerNorm: [N, H] to [N, H]. */
  private static Operand<TFloat32> lmTransform(Ops tf, UnifiedEncoder encoder, Operand<TFloat32> hidden2d) {
    Layers layers = encoder.layers();
    int hidden = encoder.hidden();
    return layers.layerNorm(
        tf,
        Layers.activation(tf, layers.dense(tf, hidden2d, hidden, hidden, "lm_head/transform"), encoder.config().activation()),
        hidden,
        "lm_head/layer_norm");
  }

  /** The LM head's scores against the tied word embeddings, plus its output bias: [N, H] to [N, V]. */
  private static Operand<TFloat32> lmScores(Ops tf, UnifiedEncoder encoder, int vocab, Operand<TFloat32> transformed) {
    Operand<TFloat32> bias = encoder.layers().params().get("lm_head/output_bias", Shape.of(vocab), Init.ZEROS);
    return tf.nn.biasAdd(
        encoder.layers().matMul(tf, transformed, encoder.wordEmbeddings(), MatMul.transposeB(true)), bias);
  }

  /**
   * Cross-entropy [N] of logits [N, V] against token ids (any shape with N elements): {@code
   * logsumexp(logits) - logits[label]}, read as minus the log-softmax at the label. Only [N] values
   * are gathered; no [N, V] target is built.
   */
  public static Operand<TFloat32> tokenCrossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    Operand<TFloat32> logProbs = tf.nn.logSoftmax(logits);
    Operand<TFloat32> target =
        tf.gather(logProbs, tf.reshape(labels, tf.constant(new int[] {-1, 1})), tf.constant(1), Gather.batchDims(1L));
    return tf.math.neg(tf.reshape(target, tf.constant(new int[] {-1})));
  }

  /**
   * Seq2seq LM: every position predicts the next token through the shared LM head; averaged over
   * the positions whose weight is 1 (those whose next token is a target token). The head runs only
   * at the positions with a positive weight (their number changes from batch to batch): the others
   * add 0 to both sums of the weighted mean, so the loss is the one over all B * T positions.
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
    Operand<TFloat32> flatWeights = tf.reshape(weights, tf.constant(new int[] {-1}));
    // The transform ([B * T, H], cheap) runs everywhere, so that the row count is dynamic only from
    // the gather on: XLA failed to compile the gradient of a LayerNorm over a dynamic row count
    // (its BroadcastGradientArgs of [K, H] and [K, 1] reduced a [K, K] tensor).
    Operand<TFloat32> transformed =
        lmTransform(tf, encoder, tf.reshape(sequence, tf.constant(new int[] {-1, encoder.hidden()})));
    Operand<TInt64> predicted =
        tf.reshape(tf.where(tf.math.greater(flatWeights, tf.constant(0f))), tf.constant(new int[] {-1}));
    Operand<TInt32> targets = tf.gather(tf.reshape(labels, tf.constant(new int[] {-1})), predicted, tf.constant(0));
    Operand<TFloat32> perPrediction =
        tokenCrossEntropy(tf, lmScores(tf, encoder, vocab, tf.gather(transformed, predicted, tf.constant(0))), targets);
    return weightedMean(tf, perPrediction, tf.gather(flatWeights, predicted, tf.constant(0)));
  }

  /**
   * Element-wise sigmoid cross-entropy of {@code logits} against {@code targets} in [0, 1], in the
   * stable form {@code max(x, 0) - x z + log(1 + exp(-|x|))}.
   */
  public static Operand<TFloat32> sigmoidCrossEntropy(Ops tf, Operand<TFloat32> targets, Operand<TFloat32> logits) {
    return tf.math.add(
        tf.math.sub(tf.math.maximum(logits, tf.zerosLike(logits)), tf.math.mul(logits, targets)),
        tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
  }

  /**
   * {@code sum(values * weights) / max(sum(weights), 1)} over every axis: every loss that averages
   * over a varying number of items (masked tokens, masked regions, target tokens, pairs) goes
   * through it.
   *
   * <p>The weight sum passes through a {@code PlaceholderWithDefault} in a {@value
   * #DENOMINATOR_SCOPE} scope, which {@link Denominators} finds: gradient accumulation feeds there
   * the whole batch's sum, so each micro-batch's loss is its share of the whole batch's mean and
   * the micro-batches' gradients add up to the whole batch's. Unfed, it passes the sum through.
   */
  public static Operand<TFloat32> weightedMean(Ops tf, Operand<TFloat32> values, Operand<TFloat32> weights) {
    Operand<TFloat32> flatValues = tf.reshape(values, tf.constant(new int[] {-1}));
    Operand<TFloat32> flatWeights = tf.reshape(weights, tf.constant(new int[] {-1}));
    Operand<TFloat32> total = tf.reduceSum(tf.math.mul(flatValues, flatWeights), tf.constant(0));
    Operand<TFloat32> weightSum =
        tf.withSubScope(DENOMINATOR_SCOPE)
            .placeholderWithDefault(tf.reduceSum(flatWeights, tf.constant(0)), Shape.scalar());
    Operand<TFloat32> count = tf.math.maximum(weightSum, tf.constant(1f));
    return tf.math.div(total, count);
  }

  /** The name scope of a weighted mean's overridable weight sum. */
  public static final String DENOMINATOR_SCOPE = "denominator";
}
