package org.unimo.graph.objectives.regions;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.objective.Draws;

/**
 * Masked region modeling's input: a batch of images without text with {@code rate} of each image's
 * regions (at least one) masked, their features zeroed and their boxes kept.
 *
 * @param input the masked images
 * @param masked [B * R]: 1 for the masked regions, whose features and classes are predicted
 */
public record RegionMasking(ImageBatch input, float[] masked) {
  /** Masks the regions of {@code images}, image {@code b} drawn with {@code draws.example(b)}. */
  public static RegionMasking mask(ImageExamples images, float rate, Draws draws) {
    ImageBatch clean = images.batch();
    int maxRegions = clean.maxRegions();
    int featureSize = clean.featureSize();
    float[] features = clean.features().clone();
    float[] masked = new float[clean.size() * maxRegions];
    for (int b = 0; b < clean.size(); b++) {
      SplittableRandom random = draws.example(b);
      int regions = Math.min(images.images().get(b).regions(), maxRegions);
      int chosen = Math.min(regions, Math.max(1, Math.round(rate * regions)));
      int[] order = new int[regions];
      for (int i = 0; i < regions; i++) {
        order[i] = i;
      }
      for (int i = 0; i < chosen; i++) {
        int j = i + random.nextInt(regions - i);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
      for (int i = 0; i < chosen; i++) {
        int r = order[i];
        masked[b * maxRegions + r] = 1f;
        Arrays.fill(features, (b * maxRegions + r) * featureSize, (b * maxRegions + r + 1) * featureSize, 0f);
      }
    }
    ImageBatch input =
        new ImageBatch(features, clean.boxes(), clean.mask(), clean.size(), maxRegions, featureSize, clean.boxSize());
    return new RegionMasking(input, masked);
  }
}
