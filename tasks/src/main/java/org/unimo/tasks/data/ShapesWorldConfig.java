package org.unimo.tasks.data;

import org.unimo.dsl.ModelSpec;


/**
 * What to generate. Every field changes the data, so every field is part of the cache key.
 *
 * @param seed fixes every scene, caption and pixel
 * @param trainScenes image-text pairs for training
 * @param heldoutScenes scenes kept out of training, for evaluation
 * @param imageOnlyScenes images without text
 * @param captionsPerScene phrasings per scene (at most 4)
 * @param wordnetGlosses WordNet glosses in the text corpus (real English)
 * @param imageSize rendered width and height in pixels
 */
public record ShapesWorldConfig(
    long seed,
    int trainScenes,
    int heldoutScenes,
    int imageOnlyScenes,
    int captionsPerScene,
    int wordnetGlosses,
    int imageSize) {
  public static final int DEFAULT_IMAGE_SIZE = 96;

  public ShapesWorldConfig {
    if (trainScenes < 1 || heldoutScenes < 1 || imageOnlyScenes < 0 || wordnetGlosses < 0) {
      throw new IllegalArgumentException("scene and gloss counts must be positive: " + this);
    }
    if (captionsPerScene < 1 || captionsPerScene > org.unimo.tasks.data.ShapesWorld.PHRASINGS) {
      throw new IllegalArgumentException(
          "captionsPerScene: " + captionsPerScene + " must be in 1.." + org.unimo.tasks.data.ShapesWorld.PHRASINGS);
    }
    if (imageSize < 48) {
      throw new IllegalArgumentException("imageSize: " + imageSize + " is below 48 pixels");
    }
  }

  /** The data a spec declares: its {@code data.shapes_world} section and its seed. */
  public static ShapesWorldConfig of(ModelSpec spec) {
    if (!spec.proto().getData().hasShapesWorld()) {
      throw new IllegalArgumentException("data: the spec declares no data source; add data { shapes_world {} }");
    }
    var world = spec.proto().getData().getShapesWorld();
    return new ShapesWorldConfig(
        spec.seed(),
        world.getTrainScenes(),
        world.getHeldoutScenes(),
        world.getImageOnlyScenes(),
        world.getCaptionsPerScene(),
        world.getWordnetGlosses(),
        DEFAULT_IMAGE_SIZE);
  }
}
