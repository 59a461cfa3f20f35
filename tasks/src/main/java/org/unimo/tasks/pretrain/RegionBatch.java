package org.unimo.tasks.pretrain;

import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Session;
import org.unimo.graph.Feeds;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.Names;
import org.unimo.graph.Outputs;
import org.unimo.graph.Tensors;

/**
 * A masked-region-modeling batch of images without text: the input with masked regions' features
 * zeroed (their boxes kept), which regions are masked, and the targets: original features and
 * detector class distributions (one-hot of the top class for hard labels).
 */
record RegionBatch(ImageBatch input, float[] masked, float[] targetFeatures, float[] targetClasses, int classes) {

  /**
   * Masks {@code rate} of each image's regions (at least one), image {@code b} drawn with {@code
   * draws.example(b)}.
   *
   * @param classProbs per image, [regions][classes]
   */
  static RegionBatch mask(
      List<ImageRegions> images,
      List<float[][]> classProbs,
      int maxRegions,
      int featureSize,
      int classes,
      float rate,
      boolean hardLabels,
      Draws draws) {
    ImageBatch clean = ImageBatch.of(images, maxRegions, featureSize, 5);
    float[] features = clean.features().clone();
    float[] masked = new float[images.size() * maxRegions];
    float[] targetClasses = new float[images.size() * maxRegions * classes];
    for (int b = 0; b < images.size(); b++) {
      SplittableRandom random = draws.example(b);
      int regions = Math.min(images.get(b).regions(), maxRegions);
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
        java.util.Arrays.fill(features, (b * maxRegions + r) * featureSize, (b * maxRegions + r + 1) * featureSize, 0f);
      }
      for (int r = 0; r < regions; r++) {
        float[] probs = classProbs.get(b)[r];
        if (probs.length != classes) {
          throw new IllegalArgumentException(
              "image " + b + ", region " + r + ": " + probs.length + " detector classes, objectives.mrc.classes is " + classes);
        }
        int offset = (b * maxRegions + r) * classes;
        if (hardLabels) {
          targetClasses[offset + Outputs.argmax(probs)] = 1f;
        } else {
          System.arraycopy(probs, 0, targetClasses, offset, classes);
        }
      }
    }
    ImageBatch input =
        new ImageBatch(features, clean.boxes(), clean.mask(), clean.size(), maxRegions, featureSize, clean.boxSize());
    return new RegionBatch(input, masked, clean.features(), targetClasses, classes);
  }

  /** Feeds the {@code mrm/*} inputs. */
  Session.Runner feed(Session.Runner runner, Feeds owned) {
    int size = input.size();
    int regions = input.maxRegions();
    return runner
        .feed(Names.MRM_FEATURES, owned.add(input.featuresTensor()))
        .feed(Names.MRM_BOXES, owned.add(input.boxesTensor()))
        .feed(Names.MRM_MASK, owned.add(input.maskTensor()))
        .feed(Names.MRM_MASKED, owned.add(Tensors.floats(masked, size, regions)))
        .feed(Names.MRM_TARGET_FEATURES, owned.add(Tensors.floats(targetFeatures, size, regions, input.featureSize())))
        .feed(Names.MRM_TARGET_CLASSES, owned.add(Tensors.floats(targetClasses, size, regions, classes)));
  }
}
