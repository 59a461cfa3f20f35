package org.unimo.graph;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.EncoderSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;
import org.unimo.graph.Params.Init;

/**
 * UNIMO's unified Transformer: modality embeddings, post-LayerNorm layers and the pooler, shared by
 * text, images and pairs. Each call builds ops under the caller's scope and reuses the same
 * variables. Objectives and heads build on it.
 *
 * <p>The image token that starts every image sequence has its own embedding row ({@code
 * embeddings/image_token}), not a row of the word embeddings: a pretrained text vocabulary (BERT's,
 * RoBERTa's) has no such token, and its word table can be loaded as it is.
 */
public final class UnifiedEncoder {
  private final Layers layers;
  private final EncoderSpec config;
  private final int vocab;
  private final int hidden;
  private final int textLength;
  private final Pooling pooling;
  private final ImageSpec image;

  UnifiedEncoder(ModelSpec spec, Layers layers) {
    this.layers = layers;
    this.config = spec.encoder();
    this.vocab = spec.text().vocabSize();
    this.hidden = config.hidden();
    this.textLength = spec.text().maxLength();
    this.pooling = config.pooling();
    this.image = spec.image().orElse(null);
  }

  /** The building blocks (dense, LayerNorm, dropout) the encoder uses, for heads on top of it. */
  public Layers layers() {
    return layers;
  }

  /** {@code encoder.hidden}. */
  public int hidden() {
    return hidden;
  }

  /** {@code text.max_length}: T. */
  public int textLength() {
    return textLength;
  }

  /** {@code image.max_regions} + 1 for the image token. */
  public int imageLength() {
    return requireImage().maxRegions() + 1;
  }

  /** The spec's encoder section. */
  public EncoderSpec config() {
    return config;
  }

  private ImageSpec requireImage() {
    if (image == null) {
      throw new IllegalStateException("the spec declares no image input");
    }
    return image;
  }

  /** The [V, H] word embeddings, shared with the masked-LM output layer. */
  public Operand<TFloat32> wordEmbeddings() {
    return layers.params().get("embeddings/word", Shape.of(vocab, hidden), Init.TRUNCATED_NORMAL);
  }

  private Operand<TFloat32> positionEmbeddings() {
    return layers
        .params()
        .get(
            "embeddings/position",
            Shape.of(config.maxPositions(), hidden),
            Init.TRUNCATED_NORMAL);
  }

  /**
   * Text embeddings: token + position (from {@code encoder.position_offset}) + token type 0 (when
   * {@code encoder.type_vocab_size} is positive), LayerNorm, dropout. [B, T] ids to [B, T, H].
   */
  public Operand<TFloat32> embedText(Ops tf, Operand<TInt32> ids, int length, boolean training) {
    Ops scope = tf.withSubScope("text_embeddings");
    Operand<TFloat32> tokens = scope.gather(wordEmbeddings(), ids, scope.constant(0));
    Operand<TFloat32> positions =
        scope.slice(
            positionEmbeddings(),
            scope.constant(new int[] {config.positionOffset(), 0}),
            scope.constant(new int[] {length, hidden}));
    Operand<TFloat32> sum = scope.math.add(tokens, positions);
    if (config.typeVocabSize() > 0) {
      Operand<TFloat32> types =
          layers.params().get("embeddings/token_type", Shape.of(config.typeVocabSize(), hidden), Init.TRUNCATED_NORMAL);
      Operand<TFloat32> typeZero =
          scope.slice(types, scope.constant(new int[] {0, 0}), scope.constant(new int[] {1, hidden}));
      sum = scope.math.add(sum, typeZero);
    }
    return layers.dropout(
        scope, layers.layerNorm(scope, sum, hidden, "embeddings/layer_norm"), config.dropout(), training);
  }

  /**
   * Image embeddings: [IMG] then each region's projected features plus its projected box,
   * LayerNorm, dropout. [B, R, F] and [B, R, 5] to [B, R + 1, H].
   */
  public Operand<TFloat32> embedImage(
      Ops tf, Operand<TFloat32> features, Operand<TFloat32> boxes, boolean training) {
    ImageSpec config = requireImage();
    int regions = config.maxRegions();
    int featureSize = config.featureSize();
    int boxSize = config.boxFeatures();
    Ops scope = tf.withSubScope("image_embeddings");
    Operand<TFloat32> projected =
        scope.math.add(
            layers.dense(scope, features, regions, featureSize, hidden, "embeddings/region_features"),
            layers.dense(scope, boxes, regions, boxSize, hidden, "embeddings/region_boxes"));
    Operand<TFloat32> imgRow =
        scope.reshape(
            layers.params().get("embeddings/image_token", Shape.of(hidden), Init.TRUNCATED_NORMAL),
            scope.constant(new int[] {1, 1, hidden}));
    Operand<TInt32> batch = batchSize(scope, features);
    Operand<TFloat32> img =
        scope.tile(imgRow, scope.stack(List.of(batch, scope.constant(1), scope.constant(1))));
    Operand<TFloat32> sequence =
        scope.concat(List.of(img, projected), scope.constant(1));
    Operand<TFloat32> imgPosition =
        scope.reshape(
            scope.slice(
                positionEmbeddings(),
                scope.constant(new int[] {this.config.positionOffset(), 0}),
                scope.constant(new int[] {1, hidden})),
            scope.constant(new int[] {1, 1, hidden}));
    Operand<TFloat32> withPosition =
        scope.math.add(
            sequence,
            scope.concat(
                List.of(imgPosition, scope.fill(scope.constant(new int[] {1, regions, hidden}), scope.constant(0f))),
                scope.constant(1)));
    return layers.dropout(
        scope,
        layers.layerNorm(scope, withPosition, hidden, "embeddings/layer_norm"),
        this.config.dropout(),
        training);
  }

  /** Prepends a 1 for the always-attended [IMG] token to a [B, R] region mask. */
  public static Operand<TFloat32> imageAttentionMask(Ops tf, Operand<TFloat32> regionMask) {
    Operand<TFloat32> ones =
        tf.fill(tf.stack(List.of(batchSize(tf, regionMask), tf.constant(1))), tf.constant(1f));
    return tf.concat(List.of(ones, regionMask), tf.constant(1));
  }

  /** Additive attention bias [B, 1, 1, L] from a [B, L] padding mask: 0 to keep, -10000 to drop. */
  public static Operand<TFloat32> paddingBias(Ops tf, Operand<TFloat32> mask, int length) {
    Operand<TFloat32> dropped = tf.math.sub(tf.constant(1f), mask);
    return tf.reshape(
        tf.math.mul(dropped, tf.constant(-10000f)), tf.constant(new int[] {-1, 1, 1, length}));
  }

  /**
   * Additive attention bias [B, 1, L, L] of UniLM's masks from a [B, L] padding mask and a [B, L]
   * segment (0 source, 1 target): query i may attend key j when j is a real token and either j is
   * a source token, or both are target tokens and j is not after i. All-0 segments give the
   * bidirectional mask, all-1 the left-to-right mask.
   */
  public static Operand<TFloat32> segmentBias(
      Ops tf, Operand<TFloat32> mask, Operand<TFloat32> segment, int length) {
    float[] lower = new float[length * length];
    for (int i = 0; i < length; i++) {
      for (int j = 0; j <= i; j++) {
        lower[i * length + j] = 1f;
      }
    }
    Operand<TFloat32> causal =
        tf.constant(org.tensorflow.ndarray.Shape.of(1, length, length), org.tensorflow.ndarray.buffer.DataBuffers.of(lower, true, false));
    Operand<TFloat32> keyIsSource =
        tf.reshape(tf.math.sub(tf.constant(1f), segment), tf.constant(new int[] {-1, 1, length}));
    Operand<TFloat32> queryTarget = tf.reshape(segment, tf.constant(new int[] {-1, length, 1}));
    Operand<TFloat32> keyTarget = tf.reshape(segment, tf.constant(new int[] {-1, 1, length}));
    Operand<TFloat32> allowed =
        tf.math.mul(
            tf.reshape(mask, tf.constant(new int[] {-1, 1, length})),
            tf.math.add(keyIsSource, tf.math.mul(tf.math.mul(queryTarget, keyTarget), causal)));
    Operand<TFloat32> bias = tf.math.mul(tf.math.sub(tf.constant(1f), allowed), tf.constant(-10000f));
    return tf.expandDims(bias, tf.constant(1));
  }

  /**
   * The Transformer layers over [B, L, H] with an additive attention bias broadcastable to [B,
   * heads, L, L] (padding masks today; seq2seq masks use the same input).
   */
  public Operand<TFloat32> encode(Ops tf, Operand<TFloat32> x, Operand<TFloat32> bias, int length, boolean training) {
    Operand<TFloat32> h = x;
    for (int l = 0; l < config.layers(); l++) {
      h = layer(tf.withSubScope("layer_" + l), h, bias, length, "encoder/layer_" + l, training);
    }
    return h;
  }

  private Operand<TFloat32> layer(
      Ops tf, Operand<TFloat32> x, Operand<TFloat32> bias, int length, String path, boolean training) {
    int heads = config.heads();
    int headSize = hidden / heads;
    float dropout = config.dropout();
    Ops att = tf.withSubScope("attention");
    int[] split = {-1, length, heads, headSize};
    Operand<TFloat32> q = att.reshape(layers.dense(att, x, length, hidden, hidden, path + "/attention/query"), att.constant(split));
    Operand<TFloat32> k = att.reshape(layers.dense(att, x, length, hidden, hidden, path + "/attention/key"), att.constant(split));
    Operand<TFloat32> v = att.reshape(layers.dense(att, x, length, hidden, hidden, path + "/attention/value"), att.constant(split));
    Operand<TFloat32> scores =
        att.math.add(
            att.math.mul(
                layers.einsum(att, "bqhd,bkhd->bhqk", q, k),
                att.constant((float) (1 / Math.sqrt(headSize)))),
            bias);
    Operand<TFloat32> probs = layers.dropout(att, att.nn.softmax(scores), dropout, training);
    Operand<TFloat32> context =
        att.reshape(
            layers.einsum(att, "bhqk,bkhd->bqhd", probs, v),
            att.constant(new int[] {-1, length, hidden}));
    Operand<TFloat32> attended =
        layers.dropout(att, layers.dense(att, context, length, hidden, hidden, path + "/attention/output"), dropout, training);
    Operand<TFloat32> h = layers.layerNorm(att, att.math.add(x, attended), hidden, path + "/attention/layer_norm");

    Ops ffn = tf.withSubScope("ffn");
    Operand<TFloat32> inner =
        Layers.activation(ffn, layers.dense(ffn, h, length, hidden, config.ffn(), path + "/ffn/intermediate"), config.activation());
    Operand<TFloat32> out =
        layers.dropout(ffn, layers.dense(ffn, inner, length, config.ffn(), hidden, path + "/ffn/output"), dropout, training);
    return layers.layerNorm(ffn, ffn.math.add(h, out), hidden, path + "/ffn/layer_norm");
  }

  /**
   * The pooled representation [B, H]: the first token ([CLS] or [IMG]) through dense + tanh, or the
   * mean of the non-padding outputs through dense, as the spec's {@code encoder.pooling} says.
   */
  public Operand<TFloat32> pool(Ops tf, Operand<TFloat32> hidden3, Operand<TFloat32> mask) {
    Ops scope = tf.withSubScope("pooler");
    if (pooling == Pooling.MEAN || pooling == Pooling.PLAIN_MEAN) {
      Operand<TFloat32> weights = scope.expandDims(mask, scope.constant(-1));
      Operand<TFloat32> sum = scope.reduceSum(scope.math.mul(hidden3, weights), scope.constant(1));
      Operand<TFloat32> count =
          scope.math.maximum(scope.reduceSum(weights, scope.constant(1)), scope.constant(1f));
      Operand<TFloat32> mean = scope.math.div(sum, count);
      return pooling == Pooling.PLAIN_MEAN ? mean : layers.dense(scope, mean, hidden, hidden, "pooler/dense");
    }
    Operand<TFloat32> first = scope.gather(hidden3, scope.constant(0), scope.constant(1));
    return scope.math.tanh(layers.dense(scope, first, hidden, hidden, "pooler/dense"));
  }

  /** A text [B, T] with its padding mask through the Transformer: [B, T, H]. */
  public Operand<TFloat32> encodeText(Ops scope, Operand<TInt32> ids, Operand<TFloat32> mask, boolean training) {
    Operand<TFloat32> embedded = embedText(scope, ids, textLength, training);
    return encode(scope.withSubScope("encoder"), embedded, paddingBias(scope, mask, textLength), textLength, training);
  }

  /** {@code [IMG] v1 ... vR} through the Transformer: [B, R + 1, H]. */
  public Operand<TFloat32> encodeImage(Ops scope, ImageInputs image, boolean training) {
    int length = imageLength();
    Operand<TFloat32> embedded = embedImage(scope, image.features(), image.boxes(), training);
    Operand<TFloat32> mask = imageAttentionMask(scope, image.mask());
    return encode(scope.withSubScope("encoder"), embedded, paddingBias(scope, mask, length), length, training);
  }

  /** Pooled, L2-normalized text representation [B, H]; named {@code embedding} under the scope. */
  public Operand<TFloat32> embedTextVector(Ops scope, Operand<TInt32> ids, Operand<TFloat32> mask, boolean training) {
    return embedTextVector(scope, encodeText(scope, ids, mask, training), mask);
  }

  /** Pooled, L2-normalized representation [B, H] of encoded text [B, T, H]; named {@code embedding}. */
  public Operand<TFloat32> embedTextVector(Ops scope, Operand<TFloat32> sequence, Operand<TFloat32> mask) {
    Operand<TFloat32> pooled = pool(scope, sequence, mask);
    return scope.withName("embedding").identity(Layers.l2Normalize(scope, pooled));
  }

  /** Pooled, L2-normalized image representation [B, H]; named {@code embedding} under the scope. */
  public Operand<TFloat32> embedImageVector(Ops scope, ImageInputs image, boolean training) {
    Operand<TFloat32> sequence = encodeImage(scope, image, training);
    Operand<TFloat32> pooled = pool(scope, sequence, imageAttentionMask(scope, image.mask()));
    return scope.withName("embedding").identity(Layers.l2Normalize(scope, pooled));
  }

  /**
   * The caption's outputs [B, T, H] from one joint sequence {@code [IMG] v1 ... vR [CLS] w1 ... wn
   * [SEP]}: the regions attend among themselves; the caption attends to them and, bidirectionally
   * or (with {@code causalCaption}) causally, to itself.
   */
  public Operand<TFloat32> encodeJoint(
      Ops scope, ImageInputs image, Operand<TInt32> ids, Operand<TFloat32> textMask, boolean causalCaption) {
    return encodeJoint(scope, image, ids, textMask, causalCaption, true);
  }

  /** As {@link #encodeJoint(Ops, ImageInputs, Operand, Operand, boolean)}, with dropout only when {@code training}. */
  public Operand<TFloat32> encodeJoint(
      Ops scope, ImageInputs image, Operand<TInt32> ids, Operand<TFloat32> textMask, boolean causalCaption, boolean training) {
    int regions = imageLength();
    Operand<TFloat32> imageEmbedded = embedImage(scope, image.features(), image.boxes(), training);
    Operand<TFloat32> textEmbedded = embedText(scope, ids, textLength, training);
    Operand<TFloat32> joint = scope.concat(List.of(imageEmbedded, textEmbedded), scope.constant(1));
    Operand<TFloat32> imageMask = imageAttentionMask(scope, image.mask());
    Operand<TFloat32> mask = scope.concat(List.of(imageMask, textMask), scope.constant(1));
    Operand<TFloat32> captionSegment = causalCaption ? scope.onesLike(textMask) : scope.zerosLike(textMask);
    Operand<TFloat32> segment = scope.concat(List.of(scope.zerosLike(imageMask), captionSegment), scope.constant(1));
    int length = regions + textLength;
    Operand<TFloat32> sequence =
        encode(scope.withSubScope("encoder"), joint, segmentBias(scope, mask, segment, length), length, training);
    return scope.slice(
        sequence, scope.constant(new int[] {0, regions, 0}), scope.constant(new int[] {-1, textLength, hidden}));
  }

  public static Operand<TInt32> batchSize(Ops tf, Operand<?> x) {
    return tf.gather(tf.shape(x), tf.constant(0), tf.constant(0));
  }
}
