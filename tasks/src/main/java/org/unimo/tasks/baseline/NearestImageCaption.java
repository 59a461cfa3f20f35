package org.unimo.tasks.baseline;

import java.util.ArrayList;
import java.util.List;
import org.unimo.tasks.metrics.CaptionExample;
import org.unimo.tasks.metrics.CiderD;
import org.unimo.tasks.metrics.PtbTokenizer;

/**
 * Nearest-neighbour captioning (Devlin et al. 2015, "Exploring Nearest Neighbor Approaches for
 * Image Captioning"), with one neighbour: an image gets a caption of the training image whose
 * mean-pooled region features are most similar to its own. It shows how much of a captioning
 * score needs no generation at all, only a lookup.
 *
 * <ul>
 *   <li><b>Similarity</b>: the cosine of the mean-pooled feature vectors ({@link #meanPool}); the
 *       most similar training image wins, of equally similar ones the first. A zero vector is as
 *       similar as nothing (cosine 0) to every image.
 *   <li><b>Which of its captions</b>: the neighbour's consensus caption, chosen once per training
 *       image by {@link #fit}: the caption with the highest CIDEr-D against the image's other
 *       captions, of tied ones the first (an image with one caption has that one). As in Devlin et
 *       al., the caption that agrees most with the others is the likeliest to say what the image
 *       shows, rather than one annotator's quirk. The CIDEr-D is the COCO evaluation's ({@link
 *       CiderD}, after {@link PtbTokenizer}), leave-one-out: caption k of every training image
 *       (with two or more captions) is scored against the image's other captions, all training
 *       images together, so the n-grams' document frequencies are counted over the training
 *       images (each image's captions but the one scored).
 *       Devlin et al. pool the captions of k neighbours; with k = 1 the consensus is over the one
 *       neighbour's captions, which needs no parameter to tune.
 * </ul>
 *
 * <p>Deterministic (no randomness; ties go to the lower index) and immutable; thread-safe.
 *
 * <pre>{@code
 * NearestImageCaption nn = NearestImageCaption.fit(
 *     List.of(NearestImageCaption.meanPool(regionsOfA), NearestImageCaption.meanPool(regionsOfB)),
 *     List.of(captionsOfA, captionsOfB));
 * String caption = nn.caption(NearestImageCaption.meanPool(regionsOfQuery));
 * }</pre>
 */
public final class NearestImageCaption {
  /** The training vectors scaled to length 1 (zero vectors stay zero), [image][dimension]. */
  private final double[][] unitTrain;
  private final List<String> consensus;
  private final int dimension;

  private NearestImageCaption(double[][] unitTrain, List<String> consensus, int dimension) {
    this.unitTrain = unitTrain;
    this.consensus = List.copyOf(consensus);
    this.dimension = dimension;
  }

  /**
   * Remembers the training images and picks each one's consensus caption.
   *
   * @param meanPooledTrain one vector per training image, all of one length ({@link #meanPool})
   * @param trainCaptions each training image's captions, raw, in order; at least one each
   * @throws IllegalArgumentException for no images, lists of different sizes, vectors of
   *     different lengths or an image without captions
   */
  public static NearestImageCaption fit(List<float[]> meanPooledTrain, List<List<String>> trainCaptions) {
    if (meanPooledTrain.isEmpty()) {
      throw new IllegalArgumentException("no training images");
    }
    if (meanPooledTrain.size() != trainCaptions.size()) {
      throw new IllegalArgumentException(
          meanPooledTrain.size() + " training vectors but captions for " + trainCaptions.size() + " images");
    }
    int dimension = meanPooledTrain.get(0).length;
    double[][] unit = new double[meanPooledTrain.size()][];
    for (int i = 0; i < unit.length; i++) {
      float[] v = meanPooledTrain.get(i);
      if (v.length != dimension) {
        throw new IllegalArgumentException(
            "training vector " + i + " has " + v.length + " values, vector 0 has " + dimension);
      }
      if (trainCaptions.get(i).isEmpty()) {
        throw new IllegalArgumentException("training image " + i + " has no captions");
      }
      unit[i] = unit(v);
    }
    List<String> consensus = new ArrayList<>();
    int[] chosen = consensusIndices(trainCaptions);
    for (int i = 0; i < chosen.length; i++) {
      consensus.add(trainCaptions.get(i).get(chosen[i]));
    }
    return new NearestImageCaption(unit, consensus, dimension);
  }

  /**
   * The mean of an image's region feature vectors, one per real region (no padding rows): {@code
   * [regions][feature size]} to {@code [feature size]}.
   *
   * @throws IllegalArgumentException for no regions or rows of different lengths
   */
  public static float[] meanPool(float[][] regionFeatures) {
    if (regionFeatures.length == 0) {
      throw new IllegalArgumentException("an image without regions has no mean feature vector");
    }
    int size = regionFeatures[0].length;
    double[] sum = new double[size];
    for (int r = 0; r < regionFeatures.length; r++) {
      if (regionFeatures[r].length != size) {
        throw new IllegalArgumentException("region " + r + " has " + regionFeatures[r].length + " features, region 0 has " + size);
      }
      for (int k = 0; k < size; k++) {
        sum[k] += regionFeatures[r][k];
      }
    }
    float[] mean = new float[size];
    for (int k = 0; k < size; k++) {
      mean[k] = (float) (sum[k] / regionFeatures.length);
    }
    return mean;
  }

  /** The caption for an image: its nearest training image's consensus caption. */
  public String caption(float[] meanPooled) {
    return consensus.get(nearest(meanPooled));
  }

  /**
   * The index of the training image most similar to {@code meanPooled} (cosine), the lowest of
   * equally similar ones.
   *
   * @throws IllegalArgumentException if the vector's length is not the training vectors'
   */
  public int nearest(float[] meanPooled) {
    if (meanPooled.length != dimension) {
      throw new IllegalArgumentException("the vector has " + meanPooled.length + " values, the training vectors " + dimension);
    }
    // The query's own length scales every cosine alike, so the dot product with the unit training
    // vectors ranks them the same.
    int best = 0;
    double bestDot = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < unitTrain.length; i++) {
      double dot = 0;
      for (int k = 0; k < dimension; k++) {
        dot += meanPooled[k] * unitTrain[i][k];
      }
      if (dot > bestDot) {
        best = i;
        bestDot = dot;
      }
    }
    return best;
  }

  /** Training image {@code index}'s consensus caption. */
  public String consensus(int index) {
    return consensus.get(index);
  }

  /** How many training images there are. */
  public int trainingImages() {
    return unitTrain.length;
  }

  private static double[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    norm = Math.sqrt(norm);
    double[] unit = new double[v.length];
    if (norm > 0) {
      for (int k = 0; k < v.length; k++) {
        unit[k] = v[k] / norm;
      }
    }
    return unit;
  }

  /**
   * Each image's consensus caption's index: for k = 0, 1, ..., the k-th caption of each image
   * with more than k captions (and at least two) is scored against the image's other captions,
   * all images together.
   */
  static int[] consensusIndices(List<List<String>> captions) {
    List<String> flat = new ArrayList<>();
    captions.forEach(flat::addAll);
    List<String> tokens = PtbTokenizer.tokenize(flat);
    List<List<String>> tokenized = new ArrayList<>();
    int at = 0;
    int most = 0;
    for (List<String> image : captions) {
      tokenized.add(tokens.subList(at, at + image.size()));
      at += image.size();
      most = Math.max(most, image.size());
    }
    double[][] scores = new double[captions.size()][];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = new double[captions.get(i).size()];
    }
    for (int k = 0; k < most; k++) {
      // Every image takes part in every round, so the document frequencies are always over all
      // training images: one that has no caption k (or only one caption) lends its captions as
      // references, and its candidate's score is not used.
      List<CaptionExample> examples = new ArrayList<>();
      for (int i = 0; i < tokenized.size(); i++) {
        List<String> image = tokenized.get(i);
        if (image.size() < 2 || image.size() <= k) {
          examples.add(new CaptionExample(Integer.toString(i), "", image));
        } else {
          List<String> others = new ArrayList<>(image);
          others.remove(k);
          examples.add(new CaptionExample(Integer.toString(i), image.get(k), others));
        }
      }
      double[] cider = CiderD.perImage(examples);
      for (int i = 0; i < cider.length; i++) {
        if (k < scores[i].length && scores[i].length >= 2) {
          scores[i][k] = cider[i];
        }
      }
    }
    int[] chosen = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      for (int k = 1; k < scores[i].length; k++) {
        if (scores[i][k] > scores[i][chosen[i]]) {
          chosen[i] = k;
        }
      }
    }
    return chosen;
  }
}
