package org.unimo.tasks.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A stand-in for a Faster R-CNN's classifier head: scores a region against one canonical
 * rendering per class (color x shape) and returns {@code softmax(-d / T)} over the squared
 * distances {@code d} of their appearance features (color, hue, silhouette, fill, aspect; not the
 * size or position, which classes do not fix). The distribution is peaked but not one-hot, like a
 * detector's, so masked region classification can train on soft labels.
 */
final class PrototypeDetector {
  /** Softmax temperature over squared feature distances. */
  static final double TEMPERATURE = 0.05;

  private static final int[] APPEARANCE = appearanceDims();

  private final float[][] prototypes;

  PrototypeDetector(int imageSize) {
    int classes = Shapes.COLORS.size() * Shapes.SHAPES.size();
    prototypes = new float[classes][];
    for (int color = 0; color < Shapes.COLORS.size(); color++) {
      for (int shape = 0; shape < Shapes.SHAPES.size(); shape++) {
        prototypes[Shapes.classIndex(color, shape)] = render(imageSize, color, shape);
      }
    }
  }

  private static float[] render(int size, int color, int shape) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Shapes.BACKGROUND);
    g.fillRect(0, 0, size, size);
    double r = size / 8.0;
    var outline = Shapes.outline(shape, size / 2.0, size / 2.0, r, 0);
    Shapes.fill(g, outline, Shapes.color(color, 0, 0, 0));
    g.dispose();
    var box = outline.getBounds();
    return RegionFeatures.extract(image, box.x, box.y, box.x + box.width, box.y + box.height);
  }

  /** The class distribution of a region with these features. */
  float[] classify(float[] features) {
    double[] logits = new double[prototypes.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < prototypes.length; c++) {
      double d = 0;
      for (int k : APPEARANCE) {
        double diff = features[k] - prototypes[c][k];
        d += diff * diff;
      }
      logits[c] = -d / TEMPERATURE;
      max = Math.max(max, logits[c]);
    }
    double total = 0;
    for (int c = 0; c < logits.length; c++) {
      logits[c] = Math.exp(logits[c] - max);
      total += logits[c];
    }
    float[] probs = new float[logits.length];
    for (int c = 0; c < logits.length; c++) {
      probs[c] = (float) (logits[c] / total);
    }
    return probs;
  }

  private static int[] appearanceDims() {
    // Mean color, hue histogram, silhouette, fill ratio, aspect ratio (see RegionFeatures).
    int[] dims = new int[3 + 12 + 36 + 2];
    int i = 0;
    for (int k = 0; k < 3; k++) dims[i++] = k;
    for (int k = 6; k < 56; k++) dims[i++] = k;
    return dims;
  }
}
