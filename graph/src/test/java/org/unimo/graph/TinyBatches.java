package org.unimo.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.dsl.XlaMode;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.StepBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;

/** Tiny specs and fixed random step batches for graph tests. */
public final class TinyBatches {
  public static final int BATCH = 4;
  public static final int LENGTH = 8;
  public static final int REGIONS = 3;
  public static final int FEATURES = 6;
  public static final int PREDICTIONS = 2;
  public static final int VOCAB = 300;
  public static final int CLASSES = 5;

  private TinyBatches() {}

  /** Masked LM and CMCL on a two-layer, 16-wide model. */
  public static ModelSpec.Builder spec() {
    return Presets.tinyRetrieval()
        .text(t -> t.byteBpe(VOCAB).maxLength(LENGTH))
        .image(i -> i.featureSize(FEATURES).maxRegions(REGIONS))
        .encoder(e -> e.layers(2).hidden(16).heads(2).ffn(32).maxPositions(16))
        .maskedLm(m -> m.maxPredictions(PREDICTIONS))
        .optimizer(o -> o.learningRate(1e-2f).warmupSteps(2))
        .training(t -> t.batchSize(BATCH).steps(20))
        .compile(c -> c.xla(XlaMode.OFF));
  }

  /** A tokenizer over {@link #VOCAB} ids whose every subword starts a word. */
  public static final Tokenizer TOKENIZER =
      new Tokenizer() {
        @Override
        public int vocabSize() {
          return VOCAB;
        }

        @Override
        public int[] encode(String text) {
          return text.chars().map(c -> 6 + c % (VOCAB - 6)).toArray();
        }

        @Override
        public String decode(int[] ids) {
          return "";
        }

        @Override
        public String kind() {
          return "test";
        }

        @Override
        public boolean startsWord(int id) {
          return true;
        }
      };

  /** The same random data at every step (seeded by {@code seed}); draws keyed on (1, purpose, step). */
  public static StepBatch batch(long seed) {
    return batch(seed, null);
  }

  /** {@link #batch(long)} whose pairs carry {@code samples} as their sample sets. */
  public static StepBatch batch(long seed, @Nullable SampleSetBatch samples) {
    Random random = new Random(seed);
    int[][] texts = new int[BATCH][];
    for (int b = 0; b < BATCH; b++) {
      texts[b] = random.ints(2 + random.nextInt(LENGTH - 4), 6, VOCAB).toArray();
    }
    List<ImageRegions> images = new ArrayList<>();
    List<float[][]> classes = new ArrayList<>();
    for (int b = 0; b < BATCH; b++) {
      images.add(randomImage(random));
      float[][] probs = new float[REGIONS][CLASSES];
      for (float[] row : probs) {
        row[random.nextInt(CLASSES)] = 1f;
      }
      classes.add(probs);
    }
    TextBatch text = TextBatch.of(texts, LENGTH, TOKENIZER.specials());
    ImageBatch image = ImageBatch.of(images, REGIONS, FEATURES, 5);
    int[] ids = {0, 1, 2, 3};
    PairBatch pairs =
        new PairBatch(text, image, ids, new int[BATCH], samples == null ? null : (p, d) -> samples);
    ImageExamples imageExamples = new ImageExamples(image, images, classes);
    int[] labels = new int[BATCH];
    for (int b = 0; b < BATCH; b++) {
      labels[b] = texts[b].length % 2;
    }
    return new StepBatch() {
      private final Map<String, Object> shared = new HashMap<>();

      @Override
      public long step() {
        return 1;
      }

      @Override
      public Draws draws(String purpose) {
        return Draws.of(1, purpose, 1);
      }

      @Override
      public PairBatch pairs() {
        return pairs;
      }

      @Override
      public ImageExamples images() {
        return imageExamples;
      }

      @Override
      public TextBatch texts(String stream) {
        return text;
      }

      @Override
      public LabeledExamples labeled(String labelSet) {
        return new LabeledExamples(text, labels);
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T shared(String key, Supplier<T> compute) {
        return (T) shared.computeIfAbsent(key, k -> compute.get());
      }

      @Override
      public Tokenizer tokenizer() {
        return TOKENIZER;
      }
    };
  }

  /** Regions with random features and boxes. */
  public static ImageRegions randomImage(Random random) {
    float[][] features = new float[REGIONS][FEATURES];
    float[][] boxes = new float[REGIONS][5];
    for (int r = 0; r < REGIONS; r++) {
      for (int f = 0; f < FEATURES; f++) {
        features[r][f] = random.nextFloat();
      }
      for (int f = 0; f < 5; f++) {
        boxes[r][f] = random.nextFloat();
      }
    }
    return new ImageRegions(features, boxes);
  }
}
