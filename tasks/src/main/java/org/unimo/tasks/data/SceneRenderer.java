package org.unimo.tasks.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Draws placed objects with Java2D (antialiased, no fonts, no display needed) on the plain
 * background, then adds pixel noise.
 */
final class SceneRenderer {
  static {
    // Rendering into a BufferedImage needs no display; make sure AWT does not look for one when
    // the application has not decided (DISPLAY may be set on a machine without an X server).
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Pixel noise per channel: a triangular distribution on -7..7. */
  static final int NOISE = 7;

  /**
   * An object as drawn.
   *
   * @param shape index into {@link Shapes#SHAPES}
   * @param color index into {@link Shapes#COLORS}
   * @param size index into {@link Shapes#SIZES}
   * @param outline the filled outline, in pixels
   * @param fill the jittered color
   * @param box the outline's pixel bounds (every pixel the outline touches), inside the image
   */
  record Placed(int shape, int color, int size, Shape outline, Color fill, Rectangle box) {
    double centerX() {
      return box.getCenterX();
    }

    double centerY() {
      return box.getCenterY();
    }
  }

  private SceneRenderer() {}

  /** {@code objects} on the background, with noise from {@code noise} unless it is null. */
  static BufferedImage render(int imageSize, List<Placed> objects, @Nullable SplittableRandom noise) {
    BufferedImage image = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Shapes.BACKGROUND);
      g.fillRect(0, 0, imageSize, imageSize);
      for (Placed object : objects) {
        g.setColor(object.fill());
        g.fill(object.outline());
      }
    } finally {
      g.dispose();
    }
    if (noise != null) {
      addNoise(image, noise);
    }
    return image;
  }

  /** The pixel bounds of {@code outline}: every pixel antialiasing may touch. */
  static Rectangle bounds(Shape outline) {
    return outline.getBounds();
  }

  private static void addNoise(BufferedImage image, SplittableRandom random) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < pixels.length; i++) {
      long bits = random.nextLong();
      int rgb = pixels[i];
      int r = Shapes.clamp(((rgb >> 16) & 0xff) + triangular(bits));
      int g = Shapes.clamp(((rgb >> 8) & 0xff) + triangular(bits >>> 8));
      int b = Shapes.clamp((rgb & 0xff) + triangular(bits >>> 16));
      pixels[i] = (r << 16) | (g << 8) | b;
    }
    image.setRGB(0, 0, width, height, pixels, 0, width);
  }

  /** (a - b) / 2 for two 4-bit uniforms a, b in the low byte of {@code bits}: -7..7, triangular. */
  private static int triangular(long bits) {
    int a = (int) (bits & 0xf);
    int b = (int) ((bits >>> 4) & 0xf);
    return (a - b) / 2;
  }
}
