package org.unimo.tasks.data;

import org.unimo.dsl.ModelSpec;

/**
 * What {@link ShapesWorld#generate} makes. Immutable; every field changes the data, so every field
 * is part of the cache key ({@link #cacheKey()}).
 *
 * <pre>{@code
 * ShapesWorldConfig config = ShapesWorldConfig.defaults();                      // seed 0, 4000 training scenes, ...
 * ShapesWorldConfig small = ShapesWorldConfig.builder().seed(7).trainScenes(50).wordNetGlosses(200).build();
 * }</pre>
 *
 * @param seed fixes every scene, caption and pixel
 * @param trainScenes image-text pairs for training (default 4000)
 * @param heldoutScenes scenes kept out of training, for evaluation (default 100); their graphs are
 *     unique and never occur in the train split
 * @param imageOnlyScenes images without text (default 1000)
 * @param textScenes scenes whose captions (only) go into the text corpus (default 1000); never
 *     the graph of a train or held-out scene
 * @param captionsPerScene phrasings per scene, 1..{@link ShapesWorld#MAX_CAPTIONS_PER_SCENE}
 *     (default 4)
 * @param imageSize rendered width and height in pixels, 64..1024 (default 96)
 * @param minObjects fewest objects in a scene, at least 2 (default 2)
 * @param maxObjects most objects in a scene, at most {@link ShapesWorld#MAX_OBJECTS} (default 5)
 * @param wordNetGlosses WordNet 3.1 glosses in the text corpus (default 4000)
 */
public record ShapesWorldConfig(
    long seed,
    int trainScenes,
    int heldoutScenes,
    int imageOnlyScenes,
    int textScenes,
    int captionsPerScene,
    int imageSize,
    int minObjects,
    int maxObjects,
    int wordNetGlosses) {
  public static final int DEFAULT_TRAIN_SCENES = 4000;
  public static final int DEFAULT_HELDOUT_SCENES = 100;
  public static final int DEFAULT_IMAGE_ONLY_SCENES = 1000;
  public static final int DEFAULT_TEXT_SCENES = 1000;
  public static final int DEFAULT_CAPTIONS_PER_SCENE = 4;
  public static final int DEFAULT_IMAGE_SIZE = 96;
  public static final int DEFAULT_MIN_OBJECTS = 2;
  public static final int DEFAULT_MAX_OBJECTS = 5;
  public static final int DEFAULT_WORDNET_GLOSSES = 4000;

  public ShapesWorldConfig {
    nonNegative("trainScenes", trainScenes);
    nonNegative("heldoutScenes", heldoutScenes);
    nonNegative("imageOnlyScenes", imageOnlyScenes);
    nonNegative("textScenes", textScenes);
    nonNegative("wordNetGlosses", wordNetGlosses);
    if (captionsPerScene < 1 || captionsPerScene > ShapesWorld.MAX_CAPTIONS_PER_SCENE) {
      throw new IllegalArgumentException(
          "captionsPerScene: " + captionsPerScene + " is not in 1.." + ShapesWorld.MAX_CAPTIONS_PER_SCENE);
    }
    if (imageSize < 64 || imageSize > 1024) {
      throw new IllegalArgumentException("imageSize: " + imageSize + " pixels is not in 64..1024");
    }
    if (minObjects < 2 || maxObjects < minObjects || maxObjects > ShapesWorld.MAX_OBJECTS) {
      throw new IllegalArgumentException(
          "objects per scene: " + minObjects + ".." + maxObjects + " is not within 2.." + ShapesWorld.MAX_OBJECTS);
    }
  }

  /** Seed 0 and every other field at its default. */
  public static ShapesWorldConfig defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .trainScenes(trainScenes)
        .heldoutScenes(heldoutScenes)
        .imageOnlyScenes(imageOnlyScenes)
        .textScenes(textScenes)
        .captionsPerScene(captionsPerScene)
        .imageSize(imageSize)
        .minObjects(minObjects)
        .maxObjects(maxObjects)
        .wordNetGlosses(wordNetGlosses);
  }

  public ShapesWorldConfig withSeed(long newSeed) {
    return toBuilder().seed(newSeed).build();
  }

  /**
   * The data a model spec declares: its {@code data.shapes_world} section and its seed; the fields
   * the spec does not have keep their defaults.
   *
   * @throws IllegalArgumentException if the spec declares no shapes world
   */
  public static ShapesWorldConfig of(ModelSpec spec) {
    var world =
        spec.data()
            .shapesWorld()
            .orElseThrow(
                () -> new IllegalArgumentException("data: the spec declares no data source; add data { shapes_world {} }"));
    return builder()
        .seed(spec.seed())
        .trainScenes(world.trainScenes())
        .heldoutScenes(world.heldoutScenes())
        .imageOnlyScenes(world.imageOnlyScenes())
        .captionsPerScene(world.captionsPerScene())
        .wordNetGlosses(world.wordnetGlosses())
        .build();
  }

  /** Every field, named, in a fixed order: what the cache file name hashes. */
  public String cacheKey() {
    return "seed=" + seed
        + ";train=" + trainScenes
        + ";heldout=" + heldoutScenes
        + ";imageOnly=" + imageOnlyScenes
        + ";text=" + textScenes
        + ";captions=" + captionsPerScene
        + ";imageSize=" + imageSize
        + ";objects=" + minObjects + ".." + maxObjects
        + ";glosses=" + wordNetGlosses;
  }

  private static void nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": " + value + " is negative");
    }
  }

  /** Builds a {@link ShapesWorldConfig}; unset fields keep their defaults (seed 0). */
  public static final class Builder {
    private long seed;
    private int trainScenes = DEFAULT_TRAIN_SCENES;
    private int heldoutScenes = DEFAULT_HELDOUT_SCENES;
    private int imageOnlyScenes = DEFAULT_IMAGE_ONLY_SCENES;
    private int textScenes = DEFAULT_TEXT_SCENES;
    private int captionsPerScene = DEFAULT_CAPTIONS_PER_SCENE;
    private int imageSize = DEFAULT_IMAGE_SIZE;
    private int minObjects = DEFAULT_MIN_OBJECTS;
    private int maxObjects = DEFAULT_MAX_OBJECTS;
    private int wordNetGlosses = DEFAULT_WORDNET_GLOSSES;

    private Builder() {}

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder trainScenes(int value) {
      trainScenes = value;
      return this;
    }

    public Builder heldoutScenes(int value) {
      heldoutScenes = value;
      return this;
    }

    public Builder imageOnlyScenes(int value) {
      imageOnlyScenes = value;
      return this;
    }

    public Builder textScenes(int value) {
      textScenes = value;
      return this;
    }

    public Builder captionsPerScene(int value) {
      captionsPerScene = value;
      return this;
    }

    public Builder imageSize(int value) {
      imageSize = value;
      return this;
    }

    public Builder minObjects(int value) {
      minObjects = value;
      return this;
    }

    public Builder maxObjects(int value) {
      maxObjects = value;
      return this;
    }

    public Builder wordNetGlosses(int value) {
      wordNetGlosses = value;
      return this;
    }

    /** @throws IllegalArgumentException if a field is out of range */
    public ShapesWorldConfig build() {
      return new ShapesWorldConfig(
          seed,
          trainScenes,
          heldoutScenes,
          imageOnlyScenes,
          textScenes,
          captionsPerScene,
          imageSize,
          minObjects,
          maxObjects,
          wordNetGlosses);
    }
  }
}
