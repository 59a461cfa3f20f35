package org.unimo.tasks.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.ImageInput;
import org.unimo.dsl.proto.MaskedRegionClassification;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.dsl.proto.Objectives;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.CmclSampleBatch;
import org.unimo.graph.CmclSampleCounts;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.MaskedLmBatch;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorldData;

/**
 * Endless, seeded batches for pre-training: image-text pairs for CMCL and masked texts for MLM.
 *
 * <p>Pairs walk a shuffled permutation of the training scenes (a new permutation each epoch), so
 * no image appears twice in a batch (it would be its own in-batch negative); each scene
 * contributes one of its captions at random. Masked-LM and seq2seq texts are the text corpus plus
 * the training captions, shuffled likewise, each in its own stream. Every draw is keyed on (seed,
 * purpose, step, example) ({@link Draws}), and which batch a stream hands out next depends only on
 * how many it handed out before ({@link Cursor}): a resumed run continues exactly.
 */
public final class BatchSource {
  private final int batchSize;
  private final int textLength;
  private final ImageInput image;
  private final List<ImageRegions> images = new ArrayList<>();
  private final List<int[][]> captions = new ArrayList<>();
  private final List<int[]> texts = new ArrayList<>();
  private final List<ImageRegions> unpairedImages = new ArrayList<>();
  private final List<float[][]> unpairedClasses = new ArrayList<>();
  private final Objectives objectives;
  private final MlmMasker masker;
  private final long seed;
  private final Epochs pairOrder;
  private final Epochs mlmOrder;
  private final Epochs seq2seqOrder;
  private final Epochs imageOrder;
  private final @Nullable CmclSampleSets sampleSets;

  public BatchSource(ModelSpec spec, ShapesWorldData world, Tokenizer tokenizer) {
    ModelSpecProto proto = spec.proto();
    this.batchSize = proto.getTraining().getBatchSize();
    this.textLength = proto.getText().getMaxLength();
    this.image = proto.getImage();
    checkFits(spec, world.featureSize(), world.numClasses());
    for (Scene scene : world.train()) {
      images.add(new ImageRegions(scene.features(), scene.boxes()));
      int[][] encoded = new int[scene.captions().size()][];
      for (int c = 0; c < encoded.length; c++) {
        encoded[c] = tokenizer.encode(scene.captions().get(c));
        texts.add(encoded[c]);
      }
      captions.add(encoded);
    }
    for (String sentence : world.textCorpus()) {
      texts.add(tokenizer.encode(sentence));
    }
    for (Scene scene : world.imageOnly()) {
      unpairedImages.add(new ImageRegions(scene.features(), scene.boxes()));
      unpairedClasses.add(scene.classProbs());
    }
    this.objectives = proto.getObjectives();
    if ((objectives.hasMrfr() || objectives.hasMrc()) && unpairedImages.size() < batchSize) {
      throw new IllegalArgumentException(
          "data.shapes_world.image_only_scenes: "
              + unpairedImages.size()
              + " images without text, fewer than training.batch_size ("
              + batchSize
              + "); masked region modeling trains on them");
    }
    this.masker =
        new MlmMasker(
            proto.getObjectives().getMaskedLm(),
            proto.getText().getTokenizer().getVocabSize(),
            tokenizer::startsWord);
    this.seed = proto.getSeed();
    this.pairOrder = new Epochs(images.size(), batchSize, seed, Draws.Purpose.PAIR_ORDER);
    this.mlmOrder = new Epochs(texts.size(), batchSize, seed, Draws.Purpose.MLM_ORDER);
    this.seq2seqOrder = new Epochs(texts.size(), batchSize, seed, Draws.Purpose.SEQ2SEQ_ORDER);
    this.imageOrder = new Epochs(Math.max(1, unpairedImages.size()), batchSize, seed, Draws.Purpose.IMAGE_ORDER);
    if (images.size() < batchSize) {
      throw new IllegalArgumentException(
          "training.batch_size: " + batchSize + " exceeds the " + images.size() + " training scenes");
    }
    var cmcl = objectives.getCmcl();
    this.sampleSets =
        objectives.hasCmcl() && !CmclSampleCounts.of(cmcl.getSamples()).none()
            ? CmclSampleSets.build(cmcl.getSamples(), world, tokenizer, images, proto.getSeed())
            : null;
  }

  /** Rejects a spec whose image input does not match the data, naming the field. */
  public static void checkFits(ModelSpec spec, int featureSize, int detectorClasses) {
    var mrc = spec.proto().getObjectives();
    if (mrc.hasMrc() && mrc.getMrc().getClasses() != detectorClasses) {
      throw new IllegalArgumentException(
          "objectives.mrc.classes: "
              + mrc.getMrc().getClasses()
              + " does not match the data's "
              + detectorClasses
              + " detector classes");
    }
    checkFits(spec, featureSize);
  }

  /** Rejects a spec whose image input does not match the data, naming the field. */
  public static void checkFits(ModelSpec spec, int featureSize) {
    ImageInput image = spec.proto().getImage();
    if (!spec.proto().hasImage()) {
      return;
    }
    if (image.getFeatureSize() != featureSize) {
      throw new IllegalArgumentException(
          "image.feature_size: "
              + image.getFeatureSize()
              + " does not match the shapes world's "
              + featureSize
              + "-d region features");
    }
    if (image.getBoxFeatures() != 5) {
      throw new IllegalArgumentException(
          "image.box_features: " + image.getBoxFeatures() + " does not match the data's 5-d boxes");
    }
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * How many batches each stream has handed out: with the seed, all that decides what comes next.
   * A checkpoint records it; {@link #restore} continues from it.
   */
  public record Cursor(long pairs, long mlmTexts, long seq2seqTexts, long images) {
    static final Cursor START = new Cursor(0, 0, 0, 0);
  }

  /** Where the streams stand. */
  public Cursor cursor() {
    return new Cursor(pairOrder.batches, mlmOrder.batches, seq2seqOrder.batches, imageOrder.batches);
  }

  /** Continues every stream from {@code cursor}, as a resumed run does. */
  public void restore(Cursor cursor) {
    pairOrder.batches = cursor.pairs();
    mlmOrder.batches = cursor.mlmTexts();
    seq2seqOrder.batches = cursor.seq2seqTexts();
    imageOrder.batches = cursor.images();
  }

  /** Step {@code step}'s batch of distinct training scenes, each with one of its captions. */
  public PairBatch pairs(long step) {
    int[] scenes = pairOrder.nextBatch();
    Draws captionDraws = draws(Draws.Purpose.CAPTION, step);
    int[][] text = new int[batchSize][];
    int[] chosen = new int[batchSize];
    List<ImageRegions> batchImages = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      int[][] options = captions.get(scenes[i]);
      chosen[i] = captionDraws.example(i).nextInt(options.length);
      text[i] = options[chosen[i]];
      batchImages.add(images.get(scenes[i]));
    }
    return new PairBatch(
        TextBatch.of(text, textLength),
        ImageBatch.of(batchImages, image.getMaxRegions(), image.getFeatureSize(), image.getBoxFeatures()),
        scenes,
        chosen);
  }

  /** Whether the spec's CMCL draws sample sets ({@link #cmclSamples}). */
  boolean hasCmclSamples() {
    return sampleSets != null;
  }

  /** The CMCL sample sets of {@code pairs}' pairs, drawn for step {@code step}. */
  CmclSampleBatch cmclSamples(PairBatch pairs, long step) {
    if (sampleSets == null) {
      throw new IllegalStateException("the spec declares no CMCL sample sets");
    }
    return sampleSets.draw(
        pairs.scenes(),
        pairs.captions(),
        textLength,
        image.getMaxRegions(),
        image.getFeatureSize(),
        image.getBoxFeatures(),
        draws(Draws.Purpose.CMCL_SAMPLES, step));
  }

  /** With CMCL sample sets: how many samples of each kind rewriting produced. */
  java.util.Map<org.unimo.rewriting.samples.SampleKind, Integer> producedSamples() {
    return sampleSets == null ? java.util.Map.of() : sampleSets.produced();
  }

  /** Step {@code step}'s masked-region-modeling batch of distinct images without text. */
  RegionBatch maskedRegions(long step) {
    List<ImageRegions> batch = new ArrayList<>(batchSize);
    List<float[][]> classes = new ArrayList<>(batchSize);
    for (int index : imageOrder.nextBatch()) {
      batch.add(unpairedImages.get(index));
      classes.add(unpairedClasses.get(index));
    }
    boolean hard = objectives.getMrc().getTarget() == MaskedRegionClassification.Target.HARD;
    float rate = objectives.hasMrfr() ? objectives.getMrfr().getRate() : objectives.getMrc().getRate();
    return RegionBatch.mask(
        batch,
        classes,
        image.getMaxRegions(),
        image.getFeatureSize(),
        objectives.getMrc().getClasses(),
        rate,
        hard,
        draws(Draws.Purpose.REGIONS, step));
  }

  /** Step {@code step}'s seq2seq LM batch from the text corpus and captions. */
  Seq2SeqBatch seq2seq(long step) {
    return Seq2SeqBatch.of(
        textBatch(seq2seqOrder), objectives.getSeq2Seq().getAttention(), draws(Draws.Purpose.SEQ2SEQ, step));
  }

  /** The pair batch's captions masked for the pair masked LM. */
  MaskedLmBatch maskedCaptions(PairBatch pairs, long step) {
    return masker.mask(pairs.text(), draws(Draws.Purpose.PAIR_MLM, step));
  }

  /** The pair batch's captions as generation targets: every next token from [CLS] on. */
  Seq2SeqBatch captionTargets(PairBatch pairs) {
    // Left-to-right splits nowhere: it draws nothing.
    return Seq2SeqBatch.of(pairs.text(), org.unimo.dsl.proto.Seq2SeqLm.Attention.LEFT_TO_RIGHT, Draws.seeded(0));
  }

  /** Step {@code step}'s masked-LM batch. */
  public MaskedLmBatch maskedTexts(long step) {
    return masker.mask(textBatch(mlmOrder), draws(Draws.Purpose.MLM, step));
  }

  private TextBatch textBatch(Epochs order) {
    int[][] batch = new int[batchSize][];
    int[] indices = order.nextBatch();
    for (int i = 0; i < batchSize; i++) {
      batch[i] = texts.get(indices[i]);
    }
    return TextBatch.of(batch, textLength);
  }

  private Draws draws(Draws.Purpose purpose, long step) {
    return Draws.of(seed, purpose, step);
  }

  /**
   * Batches of distinct indices 0..n-1: each epoch a fresh order keyed on (seed, stream, epoch),
   * cut into {@code n / batch} whole batches (the rest of an epoch is left for the next order),
   * so a batch never mixes two epochs. Which batch comes next depends only on how many came
   * before: that count is all a checkpoint needs.
   */
  private static final class Epochs {
    private final int n;
    private final int batch;
    private final long seed;
    private final Draws.Purpose purpose;
    private long batches;
    private long cachedEpoch = -1;
    private int[] order = new int[0];

    Epochs(int n, int batch, long seed, Draws.Purpose purpose) {
      this.n = n;
      this.batch = batch;
      this.seed = seed;
      this.purpose = purpose;
    }

    int[] nextBatch() {
      long perEpoch = Math.max(1, n / batch);
      long epoch = batches / perEpoch;
      int start = (int) (batches % perEpoch) * batch;
      batches++;
      if (epoch != cachedEpoch) {
        order = shuffled(Draws.of(seed, purpose, epoch).single());
        cachedEpoch = epoch;
      }
      int[] indices = new int[batch];
      for (int i = 0; i < batch; i++) {
        // Fewer items than a batch (only possible for a stream the spec does not train): wrap.
        indices[i] = order[(start + i) % n];
      }
      return indices;
    }

    private int[] shuffled(SplittableRandom random) {
      int[] shuffled = new int[n];
      for (int i = 0; i < n; i++) {
        shuffled[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = swap;
      }
      return shuffled;
    }
  }
}
