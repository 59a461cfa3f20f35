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
 * contributes one of its captions at random. Masked-LM texts are the text corpus plus the training
 * captions, shuffled likewise. Everything derives from the spec's seed.
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
  private final SplittableRandom random;
  private final Epochs pairOrder;
  private final Epochs textOrder;
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
    this.random = new SplittableRandom(proto.getSeed());
    this.pairOrder = new Epochs(images.size(), random.split());
    this.textOrder = new Epochs(texts.size(), random.split());
    this.imageOrder = new Epochs(Math.max(1, unpairedImages.size()), random.split());
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

  /** The next batch of distinct training scenes, each with one of its captions. */
  public PairBatch pairs() {
    int[][] text = new int[batchSize][];
    int[] scenes = new int[batchSize];
    int[] chosen = new int[batchSize];
    List<ImageRegions> batchImages = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      int scene = pairOrder.next(batchSize);
      int[][] options = captions.get(scene);
      scenes[i] = scene;
      chosen[i] = random.nextInt(options.length);
      text[i] = options[chosen[i]];
      batchImages.add(images.get(scene));
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

  /** The CMCL sample sets of {@code pairs}' pairs, drawn for this step. */
  CmclSampleBatch cmclSamples(PairBatch pairs) {
    if (sampleSets == null) {
      throw new IllegalStateException("the spec declares no CMCL sample sets");
    }
    return sampleSets.draw(
        pairs.scenes(), pairs.captions(), textLength, image.getMaxRegions(), image.getFeatureSize(), image.getBoxFeatures(), random);
  }

  /** With CMCL sample sets: how many samples of each kind rewriting produced. */
  java.util.Map<org.unimo.rewriting.samples.SampleKind, Integer> producedSamples() {
    return sampleSets == null ? java.util.Map.of() : sampleSets.produced();
  }

  /** The next masked-region-modeling batch of distinct images without text. */
  RegionBatch maskedRegions() {
    List<ImageRegions> batch = new ArrayList<>(batchSize);
    List<float[][]> classes = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      int index = imageOrder.next(batchSize);
      batch.add(unpairedImages.get(index));
      classes.add(unpairedClasses.get(index));
    }
    boolean hard = objectives.getMrc().getTarget() == MaskedRegionClassification.Target.HARD;
    float rate = objectives.hasMrfr() ? objectives.getMrfr().getRate() : objectives.getMrc().getRate();
    return RegionBatch.mask(
        batch, classes, image.getMaxRegions(), image.getFeatureSize(), objectives.getMrc().getClasses(), rate, hard, random);
  }

  /** The next seq2seq LM batch from the text corpus and captions. */
  Seq2SeqBatch seq2seq() {
    int[][] batch = new int[batchSize][];
    for (int i = 0; i < batchSize; i++) {
      batch[i] = texts.get(textOrder.next(1));
    }
    return Seq2SeqBatch.of(TextBatch.of(batch, textLength), objectives.getSeq2Seq().getAttention(), random);
  }

  /** The pair batch's captions masked for the pair masked LM. */
  MaskedLmBatch maskedCaptions(PairBatch pairs) {
    return masker.mask(pairs.text(), random);
  }

  /** The pair batch's captions as generation targets: every next token from [CLS] on. */
  Seq2SeqBatch captionTargets(PairBatch pairs) {
    // Left-to-right draws nothing from the random stream; it is passed for the signature only.
    return Seq2SeqBatch.of(pairs.text(), org.unimo.dsl.proto.Seq2SeqLm.Attention.LEFT_TO_RIGHT, random);
  }

  /** The next masked-LM batch. */
  public MaskedLmBatch maskedTexts() {
    int[][] batch = new int[batchSize][];
    for (int i = 0; i < batchSize; i++) {
      batch[i] = texts.get(textOrder.next(1));
    }
    return masker.mask(TextBatch.of(batch, textLength), random);
  }

  /**
   * Indices 0..n-1 in a fresh random order each epoch. {@code next(group)} starts a new epoch when
   * fewer than {@code group} indices remain, so a batch never mixes two epochs.
   */
  private static final class Epochs {
    private final int[] order;
    private final SplittableRandom random;
    private int position;

    Epochs(int n, SplittableRandom random) {
      this.order = new int[n];
      this.random = random;
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      shuffle();
    }

    int next(int group) {
      if (position % group == 0 && position + group > order.length) {
        shuffle();
      }
      return order[position++];
    }

    private void shuffle() {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      position = 0;
    }
  }
}
