package org.unimo.tasks.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.SampleSetCounts;
import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;

/**
 * Random data of any shape, for measuring memory at shapes the shapes world does not have (2048-d
 * region features, 100 regions, texts of 512 subwords). Every text is long enough to fill {@code
 * text.max_length}, every image has {@code image.max_regions} regions, every sample slot is valid:
 * the largest step a spec can take.
 */
final class SyntheticSource implements DataSource {
  private static final String[] WORDS =
      ("the a man woman dog cat red blue green small large circle square triangle left right above below"
              + " near far next to on in with and of at by picture photo shows there is are two three one"
              + " bright dark round sharp soft old new tall short wide thin happy calm busy quiet open")
          .split(" ");
  private static final int EXAMPLES = 64;

  private final int featureSize;
  private final int regions;
  private final int classes;
  private final List<String> texts = new ArrayList<>();
  private final List<ImageRegions> images = new ArrayList<>();
  private final List<float[][]> classProbs = new ArrayList<>();

  /**
   * @param words words per text: more than the subwords {@code text.max_length} holds
   */
  SyntheticSource(int featureSize, int regions, int classes, int words, long seed) {
    this.featureSize = featureSize;
    this.regions = regions;
    this.classes = classes;
    Random random = new Random(seed);
    for (int i = 0; i < EXAMPLES; i++) {
      texts.add(text(random, words));
      images.add(image(random));
      float[][] probs = new float[regions][classes];
      for (float[] row : probs) {
        row[random.nextInt(classes)] = 1f;
      }
      classProbs.add(probs);
    }
  }

  private static String text(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int w = 0; w < words; w++) {
      text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return text.toString();
  }

  private ImageRegions image(Random random) {
    float[][] features = new float[regions][featureSize];
    float[][] boxes = new float[regions][5];
    for (int r = 0; r < regions; r++) {
      for (int f = 0; f < featureSize; f++) {
        features[r][f] = random.nextFloat();
      }
      for (int f = 0; f < 5; f++) {
        boxes[r][f] = random.nextFloat();
      }
    }
    return new ImageRegions(features, boxes);
  }

  @Override
  public String describe() {
    return "synthetic: " + EXAMPLES + " texts, pairs and images of " + regions + " x " + featureSize + "-d regions";
  }

  @Override
  public int texts() {
    return texts.size();
  }

  @Override
  public String text(int index) {
    return texts.get(index);
  }

  @Override
  public int pairs() {
    return texts.size();
  }

  @Override
  public PairExample pair(int index) {
    return new PairExample(images.get(index), List.of(texts.get(index)));
  }

  @Override
  public int images() {
    return images.size();
  }

  @Override
  public ImageExample image(int index) {
    return new ImageExample(images.get(index), classProbs.get(index));
  }

  @Override
  public int featureSize() {
    return featureSize;
  }

  @Override
  public int detectorClasses() {
    return classes;
  }

  /** Every slot filled with another example's text or image, all valid. */
  @Override
  public PairBatch.SampleSetSource sampleSets(
      DataRequirement.SampleSets requirement, Tokenizer tokenizer, int textLength, long seed) {
    SampleSetCounts counts = SampleSetCounts.of(requirement.counts());
    return (pairs, draws) -> {
      int b = pairs.text().size();
      Random random = new Random(seed);
      return new SampleSetBatch(
          b,
          counts,
          counts.positiveTexts() == 0 ? null : sampleTexts(tokenizer, textLength, b * counts.positiveTexts(), random),
          ones(b * counts.positiveTexts()),
          counts.relatedImages() == 0 ? null : sampleImages(b * counts.relatedImages(), random),
          ones(b * counts.relatedImages()),
          counts.negativeTexts() == 0 ? null : sampleTexts(tokenizer, textLength, b * counts.negativeTexts(), random),
          ones(b * counts.negativeTexts()));
    };
  }

  private TextBatch sampleTexts(Tokenizer tokenizer, int textLength, int n, Random random) {
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chosen.add(texts.get(random.nextInt(texts.size())));
    }
    return TextBatch.encode(tokenizer, chosen, textLength);
  }

  private ImageBatch sampleImages(int n, Random random) {
    List<ImageRegions> chosen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      chosen.add(images.get(random.nextInt(images.size())));
    }
    return ImageBatch.of(chosen, regions, featureSize, 5);
  }

  private static float[] ones(int n) {
    float[] flags = new float[n];
    Arrays.fill(flags, 1f);
    return flags;
  }
}
