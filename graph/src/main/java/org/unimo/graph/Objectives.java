package org.unimo.graph;

import java.util.ArrayList;
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
   * divided by the temperature; {@code positive} marks the entries in the numerator, {@code valid}
   * the entries in the denominator (a positive must be valid; padding slots are neither).
   *
   * @param logits [B, C] every candidate pair of anchor i
   * @param positive [B, C] 1 where the candidate is one of pair i's positives; each row needs one
   * @param valid [B, C] 1 where the candidate counts at all
   */
  static Operand<TFloat32> cmcl(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> positive, Operand<TFloat32> valid) {
    Operand<TFloat32> perPair =
        tf.math.sub(logSumExp(tf, masked(tf, logits, valid)), logSumExp(tf, masked(tf, logits, positive)));
    return tf.math.mean(perPair, tf.constant(0));
  }

  /**
   * The candidates of every anchor pair of a CMCL batch. Anchor i is the pair (V_i, W_i). Its
   * candidates are every image of the batch with W_i, and V_i with every text of the batch: the
   * other pairs' texts and images, and every pair's sample texts and related images. A candidate
   * is a positive of anchor i when it belongs to pair i and is not a negative sample; everything
   * else valid is a negative. So pair j's paraphrase is a negative of anchor i, and a model cannot
   * satisfy CMCL by embedding every paraphrase and every image alike.
   *
   * <p>Blocks are added as [B * K] pools, pair-major (sample k of pair j is row j * K + k).
   */
  static final class Candidates {
    private final Ops tf;
    private final Operand<TFloat32> texts;
    private final Operand<TFloat32> images;
    private final Operand<TFloat32> inverseTemperature;
    private final Operand<TFloat32> identity;
    private final List<Operand<TFloat32>> logits = new ArrayList<>();
    private final List<Operand<TFloat32>> positive = new ArrayList<>();
    private final List<Operand<TFloat32>> valid = new ArrayList<>();

    /**
     * The in-batch candidates of texts {@code t} and images {@code v} [B, H] (rows unit length,
     * pair i = text i + image i): (V_i, W_j) for every j (positive when j = i) and (V_j, W_i) for
     * j != i.
     */
    Candidates(Ops tf, Operand<TFloat32> t, Operand<TFloat32> v, Operand<TFloat32> inverseTemperature) {
      this.tf = tf;
      this.texts = t;
      this.images = v;
      this.inverseTemperature = inverseTemperature;
      Operand<TInt32> batch = UnifiedEncoder.batchSize(tf, t);
      this.identity =
          tf.oneHot(tf.range(tf.constant(0), batch, tf.constant(1)), batch, tf.constant(1f), tf.constant(0f));
      // Built from the identity, not OnesLike: TensorFlow's C++ registry has no gradient for it.
      Operand<TFloat32> ones = tf.math.add(identity, tf.math.sub(tf.constant(1f), identity));
      add(scores(v, t), identity, ones); // row i: (V_i, W_j)
      add(scores(t, v), tf.math.mul(identity, tf.constant(0f)), tf.math.sub(tf.constant(1f), identity)); // (V_j, W_i), j != i
    }

    /** V_i with every pair's K sample texts [B * K, H]; positives of their own pair, or never. */
    Candidates sampleTexts(Operand<TFloat32> embedded, Operand<TFloat32> sampleValid, int perPair, boolean positives) {
      return samples(images, embedded, sampleValid, perPair, positives);
    }

    /** W_i with every pair's K related images [B * K, H], positives of their own pair. */
    Candidates relatedImages(Operand<TFloat32> embedded, Operand<TFloat32> sampleValid, int perPair) {
      return samples(texts, embedded, sampleValid, perPair, true);
    }

    private Candidates samples(
        Operand<TFloat32> anchors, Operand<TFloat32> embedded, Operand<TFloat32> sampleValid, int perPair, boolean positives) {
      // [B, B] -> [B, B * K]: column j * K + k belongs to pair j.
      Operand<TFloat32> ownPair =
          tf.reshape(
              tf.tile(tf.expandDims(identity, tf.constant(2)), tf.constant(new int[] {1, 1, perPair})),
              tf.stack(List.of(UnifiedEncoder.batchSize(tf, anchors), tf.constant(-1))));
      Operand<TFloat32> columns = tf.reshape(sampleValid, tf.constant(new int[] {1, -1})); // [1, B * K]
      Operand<TFloat32> isValid = tf.math.mul(tf.math.add(ownPair, tf.math.sub(tf.constant(1f), ownPair)), columns);
      Operand<TFloat32> isPositive =
          positives ? tf.math.mul(ownPair, columns) : tf.math.mul(ownPair, tf.constant(0f));
      return add(scores(anchors, embedded), isPositive, isValid);
    }

    private Operand<TFloat32> scores(Operand<TFloat32> anchors, Operand<TFloat32> candidates) {
      return tf.math.mul(tf.linalg.matMul(anchors, candidates, MatMul.transposeB(true)), inverseTemperature);
    }

    private Candidates add(Operand<TFloat32> blockLogits, Operand<TFloat32> blockPositive, Operand<TFloat32> blockValid) {
      logits.add(blockLogits);
      positive.add(blockPositive);
      valid.add(blockValid);
      return this;
    }

    /** The CMCL loss over every candidate added. */
    Operand<TFloat32> loss() {
      Operand<TInt32> axis = tf.constant(1);
      return cmcl(tf, tf.concat(logits, axis), tf.concat(positive, axis), tf.concat(valid, axis));
    }
  }

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
