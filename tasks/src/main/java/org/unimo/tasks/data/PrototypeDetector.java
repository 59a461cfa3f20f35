package org.unimo.tasks.data;

import java.awt.Color;
import java.util.List;

/**
 * A stand-in for a detector's classifier head over the shapes world's 30 classes (color x shape,
 * {@link Shapes#classNames()}).
 *
 * <p>For every class it renders canonical objects (base color, centred, radius {@value
 * #CANONICAL_RADIUS} x image size, no jitter, no noise) at the rotations {@link #ROTATIONS_DEGREES}
 * (the range scenes are drawn with), extracts their {@link RegionFeatures} the same way as for
 * scene regions and keeps them as the class's prototypes {@code g_cj}. A region with features
 * {@code f} gets
 *
 * <pre>
 *   p(c | f) = sum_j exp(-d(f, g_cj) / T) / sum_c' sum_j exp(-d(f, g_c'j) / T),   T = {@value #TEMPERATURE}
 *   d(f, g)  = sum over the appearance dimensions k of w_k (f_k - g_k)^2
 * </pre>
 *
 * (a softmax over all prototypes, summed per class). The appearance dimensions are those a class
 * fixes: mean color (weight {@value #COLOR_WEIGHT}), the hue histogram ({@value #HUE_WEIGHT}),
 * the 6x6 silhouette ({@value #MASK_WEIGHT} per cell), fill ratio, aspect ratio and radial spread
 * ({@value #GEOMETRY_WEIGHT} each); size, position, color spread, brightness and symmetry are left
 * out. Jitter, size and noise keep regions off their prototypes, so the distribution is peaked on
 * the true class but not one-hot, like a real detector's soft labels.
 */
public final class PrototypeDetector {
  /** The softmax temperature over weighted squared feature distances. */
  public static final double TEMPERATURE = 0.1;

  /** The canonical objects' radius as a share of the image size (between small and large). */
  public static final double CANONICAL_RADIUS = 0.105;

  /** The rotations of each class's canonical objects, in degrees. */
  public static final List<Integer> ROTATIONS_DEGREES = List.of(-10, -5, 0, 5, 10);

  static final double COLOR_WEIGHT = 4.0;
  static final double HUE_WEIGHT = 1.0;
  static final double MASK_WEIGHT = 0.25;
  static final double GEOMETRY_WEIGHT = 1.0;

  private static final double[] WEIGHTS = weights();

  /** [class][rotation][feature]. */
  private final float[][][] prototypes;

  /** Prototypes rendered at {@code imageSize} pixels, the size of the scenes to classify. */
  public PrototypeDetector(int imageSize) {
    prototypes = new float[Shapes.classNames().size()][ROTATIONS_DEGREES.size()][];
    for (int color = 0; color < Shapes.COLORS.size(); color++) {
      for (int shape = 0; shape < Shapes.SHAPES.size(); shape++) {
        for (int j = 0; j < ROTATIONS_DEGREES.size(); j++) {
          prototypes[Shapes.classIndex(color, shape)][j] =
              canonicalFeatures(imageSize, color, shape, Math.toRadians(ROTATIONS_DEGREES.get(j)));
        }
      }
    }
  }

  private static float[] canonicalFeatures(int size, int color, int shape, double angle) {
    double r = CANONICAL_RADIUS * size;
    var outline = Shapes.outline(shape, size / 2.0, size / 2.0, r, angle);
    Color fill = Shapes.color(color, 0, 0, 0);
    var placed = new SceneRenderer.Placed(shape, color, 0, outline, fill, SceneRenderer.bounds(outline));
    var image = SceneRenderer.render(size, List.of(placed), null);
    return RegionFeatures.extract(image, placed.box());
  }

  public List<String> classNames() {
    return Shapes.classNames();
  }

  public int numClasses() {
    return prototypes.length;
  }

  /** A copy of the features of class {@code classIndex}'s unrotated canonical object. */
  public float[] prototype(int classIndex) {
    return prototypes[classIndex][ROTATIONS_DEGREES.indexOf(0)].clone();
  }

  /** The weighted squared appearance distance {@code d(f, g)} (see the class comment). */
  public static double distance(float[] f, float[] g) {
    double d = 0;
    for (int k = 0; k < RegionFeatures.SIZE; k++) {
      if (WEIGHTS[k] != 0) {
        double diff = f[k] - g[k];
        d += WEIGHTS[k] * diff * diff;
      }
    }
    return d;
  }

  /** The class distribution of a region with these {@link RegionFeatures}; sums to 1. */
  public float[] classify(float[] features) {
    if (features.length != RegionFeatures.SIZE) {
      throw new IllegalArgumentException(features.length + " features, expected " + RegionFeatures.SIZE);
    }
    int rotations = ROTATIONS_DEGREES.size();
    double[] logits = new double[prototypes.length * rotations];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < prototypes.length; c++) {
      for (int j = 0; j < rotations; j++) {
        double logit = -distance(features, prototypes[c][j]) / TEMPERATURE;
        logits[c * rotations + j] = logit;
        max = Math.max(max, logit);
      }
    }
    double[] mass = new double[prototypes.length];
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = StrictMath.exp(logits[i] - max);
      mass[i / rotations] += e;
      total += e;
    }
    float[] probs = new float[prototypes.length];
    for (int c = 0; c < prototypes.length; c++) {
      probs[c] = (float) (mass[c] / total);
    }
    return probs;
  }

  private static double[] weights() {
    double[] w = new double[RegionFeatures.SIZE];
    for (int k = 0; k < 3; k++) {
      w[RegionFeatures.MEAN_RGB + k] = COLOR_WEIGHT;
    }
    for (int k = 0; k < RegionFeatures.HUE_BINS; k++) {
      w[RegionFeatures.HUE + k] = HUE_WEIGHT;
    }
    for (int k = 0; k < RegionFeatures.GRID * RegionFeatures.GRID; k++) {
      w[RegionFeatures.MASK + k] = MASK_WEIGHT;
    }
    w[RegionFeatures.FILL] = GEOMETRY_WEIGHT;
    w[RegionFeatures.ASPECT] = GEOMETRY_WEIGHT;
    w[RegionFeatures.RADIAL] = GEOMETRY_WEIGHT;
    return w;
  }
}
