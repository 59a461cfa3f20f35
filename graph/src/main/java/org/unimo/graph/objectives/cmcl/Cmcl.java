package org.unimo.graph.objectives.cmcl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.CmclSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.ImageInputs;
import org.unimo.graph.Losses;
import org.unimo.graph.PairBatch;
import org.unimo.graph.PairInputs;
import org.unimo.graph.Params;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.SampleSetCounts;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.Tensors;
import org.unimo.graph.TextBatch;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.distributed.Collectives;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Cross-modal contrastive learning over the batch's pairs and, when the spec declares sample sets,
 * each pair's positive texts, related images and hard negative texts, all encoded by the same
 * Transformer. Scope {@code cmcl/}: the pairs are the model's {@code text/...} and {@code
 * image/...}; the sample sets are inputs {@code positive_texts/}, {@code negative_texts/} ({@code
 * token_ids} and {@code mask} [B * K, T], {@code valid} [B, K]) and {@code positive_images/} ({@code
 * features}, {@code boxes}, {@code mask} [B * K, R, ...], {@code valid} [B, K]); sample k of pair b
 * is row {@code b * K + k}. Also {@code temperature} and {@code loss}.
 */
public final class Cmcl implements Objective {
  /** Registers CMCL for {@code objectives.cmcl}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(CmclSpec.class, Cmcl::new);

  private final CmclSpec spec;
  private final ImageSpec image;
  private final SampleSetCounts counts;

  Cmcl(CmclSpec spec, ModelSpec model) {
    this.spec = spec;
    this.image = model.image().orElseThrow(() -> new IllegalArgumentException(spec.path() + ": needs an image input"));
    this.counts = SampleSetCounts.of(spec.samples());
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public List<DataRequirement> requires() {
    return counts.none() ? List.of() : List.of(new DataRequirement.SampleSets(spec.path() + ".samples", spec.samples()));
  }

  @Override
  public boolean memory(Footprint footprint) {
    int batch = footprint.batch();
    footprint.textPass("text encoder pass", batch, false);
    footprint.imagePass("image encoder pass", batch);
    if (counts.positiveTexts() > 0) {
      footprint.textPass("positive texts pass", batch * counts.positiveTexts(), false);
    }
    if (counts.relatedImages() > 0) {
      footprint.imagePass("related images pass", batch * counts.relatedImages());
    }
    if (counts.negativeTexts() > 0) {
      footprint.textPass("negative texts pass", batch * counts.negativeTexts(), false);
    }
    long candidates = 2L * batch + (long) batch * (counts.positiveTexts() + counts.relatedImages() + counts.negativeTexts());
    // Logits, positive and valid masks, the masked logits, exponentials and gradients.
    footprint.floats("similarities " + batch + " x " + candidates, 8L * batch * candidates);
    if (spec.learnTemperature()) {
      footprint.parameters("learned temperature", 1);
    }
    return true;
  }

  /** K sample texts per pair: ids and mask [B * K, T], validity [B, K]. */
  private record SampleTexts(TextInputs input, Operand<TFloat32> valid) {}

  /** K related images per pair: [B * K, R, ...], validity [B, K]. */
  private record SampleImages(ImageInputs input, Operand<TFloat32> valid) {}

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    UnifiedEncoder encoder = graph.encoder();
    PairInputs pairs = graph.pairs();
    Operand<TFloat32> text = encoder.embedTextVector(scope.withSubScope("text"), pairs.text().tokenIds(), pairs.text().mask(), true);
    Operand<TFloat32> picture = encoder.embedImageVector(scope.withSubScope("image"), pairs.requireImage(), true);
    Operand<TFloat32> inverse = scope.math.reciprocal(temperature(scope, graph.params()));
    Collectives across = graph.acrossTasks();
    // In one task of a data-parallel run: this task's pairs are rows [rank * b, (rank + 1) * b) of
    // the gathered pools, and every candidate block spans the global batch.
    UnaryOperator<Operand<TFloat32>> pooled = rows -> across == null ? rows : across.allGather(scope, rows);
    Candidates candidates =
        across == null
            ? new Candidates(scope, text, picture, inverse)
            : new Candidates(
                scope,
                text,
                picture,
                pooled.apply(text),
                pooled.apply(picture),
                scope.math.mul(scope.constant(across.rank()), UnifiedEncoder.batchSize(scope, text)),
                inverse);
    SampleTexts positives = null;
    SampleImages related = null;
    SampleTexts negatives = null;
    if (counts.positiveTexts() > 0) {
      positives = sampleTexts(scope.withSubScope("positive_texts"), encoder.textLength(), counts.positiveTexts());
      candidates.sampleTexts(
          pooled.apply(embed(encoder, scope, "positive_texts", positives)),
          pooled.apply(positives.valid()),
          counts.positiveTexts(),
          true);
    }
    if (counts.relatedImages() > 0) {
      Ops in = scope.withSubScope("positive_images");
      related = new SampleImages(ImageInputs.placeholders(in, image), validity(in, counts.relatedImages()));
      candidates.relatedImages(
          pooled.apply(encoder.embedImageVector(scope.withSubScope("positive_images"), related.input(), true)),
          pooled.apply(related.valid()),
          counts.relatedImages());
    }
    if (counts.negativeTexts() > 0) {
      negatives = sampleTexts(scope.withSubScope("negative_texts"), encoder.textLength(), counts.negativeTexts());
      candidates.sampleTexts(
          pooled.apply(embed(encoder, scope, "negative_texts", negatives)),
          pooled.apply(negatives.valid()),
          counts.negativeTexts(),
          false);
    }
    // One weight per anchor pair, from the fed text mask (every text has its [CLS]): counting the
    // anchors needs no forward pass, which gradient accumulation's first pass relies on.
    Operand<TFloat32> anchors = scope.reduceMax(pairs.text().mask(), scope.constant(1));
    Operand<TFloat32> loss = candidates.loss(anchors);
    SampleTexts positiveInputs = positives;
    SampleImages imageInputs = related;
    SampleTexts negativeInputs = negatives;
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          PairBatch pairBatch = batch.pairs();
          pairs.feedOnce(pairBatch, feeds);
          if (counts.none()) {
            return;
          }
          SampleSetBatch samples = pairBatch.sampleSets(batch.draws("cmcl_samples"));
          int b = samples.pairs();
          if (positiveInputs != null) {
            feedTexts(positiveInputs, samples.positiveTexts(), samples.positiveValid(), b, counts.positiveTexts(), feeds);
          }
          if (negativeInputs != null) {
            feedTexts(negativeInputs, samples.negativeTexts(), samples.negativeValid(), b, counts.negativeTexts(), feeds);
          }
          if (imageInputs != null) {
            imageInputs.input().feed(samples.relatedImages(), feeds);
            feeds.feed(imageInputs.valid(), Tensors.floats(samples.imageValid(), b, counts.relatedImages()));
          }
        });
  }

  private static void feedTexts(
      SampleTexts inputs, TextBatch texts, float[] valid, int pairs, int perPair, StepFeeds feeds) {
    inputs.input().feed(texts, feeds);
    feeds.feed(inputs.valid(), Tensors.floats(valid, pairs, perPair));
  }

  private static Operand<TFloat32> embed(UnifiedEncoder encoder, Ops scope, String role, SampleTexts texts) {
    return encoder.embedTextVector(scope.withSubScope(role + "_encoded"), texts.input().tokenIds(), texts.input().mask(), true);
  }

  private static SampleTexts sampleTexts(Ops in, int length, int perPair) {
    return new SampleTexts(TextInputs.placeholders(in, length), validity(in, perPair));
  }

  private static Operand<TFloat32> validity(Ops in, int perPair) {
    return in.withName("valid").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, perPair)));
  }

  /** {@code cmcl/temperature}: fixed, or learned as an offset of log tau clipped to [0.01, 1]. */
  private Operand<TFloat32> temperature(Ops cmcl, Params params) {
    Operand<TFloat32> start = cmcl.constant(spec.temperature());
    if (!spec.learnTemperature()) {
      return cmcl.withName("temperature").identity(start);
    }
    Operand<TFloat32> offset = params.get("cmcl/log_temperature_offset", Shape.scalar(), Params.Init.ZEROS);
    Operand<TFloat32> learned = cmcl.math.mul(start, cmcl.math.exp(offset));
    return cmcl.withName("temperature")
        .math
        .minimum(cmcl.math.maximum(learned, cmcl.constant(0.01f)), cmcl.constant(1f));
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
  public static Operand<TFloat32> loss(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> positive, Operand<TFloat32> valid) {
    return loss(tf, logits, positive, valid, tf.reduceMax(valid, tf.constant(1)));
  }

  /** {@link #loss(Ops, Operand, Operand, Operand)} weighting anchor i by {@code anchors[i]} (1 or 0). */
  static Operand<TFloat32> loss(
      Ops tf, Operand<TFloat32> logits, Operand<TFloat32> positive, Operand<TFloat32> valid, Operand<TFloat32> anchors) {
    Operand<TFloat32> perPair =
        tf.math.sub(logSumExp(tf, masked(tf, logits, valid)), logSumExp(tf, masked(tf, logits, positive)));
    return Losses.weightedMean(tf, perPair, anchors);
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
  public static final class Candidates {
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
    public Candidates(Ops tf, Operand<TFloat32> t, Operand<TFloat32> v, Operand<TFloat32> inverseTemperature) {
      this(tf, t, v, t, v, tf.constant(0), inverseTemperature);
    }

    /**
     * The candidates of anchors {@code t} and {@code v} [b, H] drawn from pools {@code allTexts}
     * and {@code allImages} [B, H] (every task's pairs, gathered) in which the anchors are rows
     * {@code firstRow} to {@code firstRow + b - 1}: anchor i's own pair is pool row {@code firstRow
     * + i}, every other pool row a negative. With the pools equal to the anchors and {@code
     * firstRow} 0, the one-batch candidates above.
     */
    public Candidates(
        Ops tf,
        Operand<TFloat32> t,
        Operand<TFloat32> v,
        Operand<TFloat32> allTexts,
        Operand<TFloat32> allImages,
        Operand<TInt32> firstRow,
        Operand<TFloat32> inverseTemperature) {
      this.tf = tf;
      this.texts = t;
      this.images = v;
      this.inverseTemperature = inverseTemperature;
      Operand<TInt32> rows = tf.math.add(tf.range(tf.constant(0), UnifiedEncoder.batchSize(tf, t), tf.constant(1)), firstRow);
      this.identity = tf.oneHot(rows, UnifiedEncoder.batchSize(tf, allTexts), tf.constant(1f), tf.constant(0f));
      // Built from the identity, not OnesLike: TensorFlow's C++ registry has no gradient for it.
      Operand<TFloat32> ones = tf.math.add(identity, tf.math.sub(tf.constant(1f), identity));
      add(scores(v, allTexts), identity, ones); // row i: (V_i, W_j)
      add(scores(t, allImages), tf.math.mul(identity, tf.constant(0f)), tf.math.sub(tf.constant(1f), identity)); // (V_j, W_i), j != i
    }

    /**
     * V_i with every pair's K sample texts [B * K, H] (from the pool's pairs: gathered with it);
     * positives of their own pair, or never.
     */
    public Candidates sampleTexts(Operand<TFloat32> embedded, Operand<TFloat32> sampleValid, int perPair, boolean positives) {
      return samples(images, embedded, sampleValid, perPair, positives);
    }

    /** W_i with every pair's K related images [B * K, H], positives of their own pair. */
    public Candidates relatedImages(Operand<TFloat32> embedded, Operand<TFloat32> sampleValid, int perPair) {
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

    /** The CMCL loss over every candidate added, averaged over every anchor. */
    public Operand<TFloat32> loss() {
      Operand<TInt32> axis = tf.constant(1);
      return Cmcl.loss(tf, tf.concat(logits, axis), tf.concat(positive, axis), tf.concat(valid, axis));
    }

    /** The CMCL loss over every candidate added, averaged over the anchors ({@code anchors} [B], 1 each). */
    public Operand<TFloat32> loss(Operand<TFloat32> anchors) {
      Operand<TInt32> axis = tf.constant(1);
      return Cmcl.loss(tf, tf.concat(logits, axis), tf.concat(positive, axis), tf.concat(valid, axis), anchors);
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
}
