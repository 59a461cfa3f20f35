package org.unimo.tasks.data;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * The shapes world's vocabulary, its palette and how each shape is drawn. Class index {@code
 * color * SHAPES.size() + shape}, named "color shape" ("red circle").
 */
public final class Shapes {
  public static final List<String> SHAPES = List.of("circle", "square", "triangle", "diamond", "cross");
  public static final List<String> COLORS = List.of("red", "green", "blue", "yellow", "purple", "orange");
  public static final List<String> SIZES = List.of("small", "large");

  /** The relations between two objects, by the dominant axis between their centres. */
  public static final List<String> PREDICATES = List.of("to the left of", "to the right of", "above", "below");

  /** Base RGB of each color, before jitter. */
  private static final int[][] RGB = {
    {215, 40, 40}, {40, 165, 60}, {45, 80, 215}, {225, 205, 35}, {140, 60, 175}, {240, 135, 30}
  };

  /** The plain background every scene is drawn on (before pixel noise). */
  static final Color BACKGROUND = new Color(235, 235, 235);

  private static final List<String> CLASS_NAMES =
      COLORS.stream().flatMap(c -> SHAPES.stream().map(s -> c + " " + s)).toList();

  private Shapes() {}

  /** The detector's class names, every color x shape in class-index order: "red circle", ... */
  public static List<String> classNames() {
    return CLASS_NAMES;
  }

  public static int classIndex(int color, int shape) {
    return color * SHAPES.size() + shape;
  }

  /** Base color {@code index} shifted by a jitter per channel, clamped to 0..255. */
  static Color color(int index, int jitterRed, int jitterGreen, int jitterBlue) {
    int[] rgb = RGB[index];
    return new Color(clamp(rgb[0] + jitterRed), clamp(rgb[1] + jitterGreen), clamp(rgb[2] + jitterBlue));
  }

  static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /**
   * The outline of {@code shape} centred at (cx, cy) with "radius" r (the circle's radius; the
   * other shapes are scaled to a similar area), rotated by {@code angle} radians.
   */
  static Shape outline(int shape, double cx, double cy, double r, double angle) {
    Shape base =
        switch (SHAPES.get(shape)) {
          case "circle" -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
          case "square" -> new Rectangle2D.Double(-0.85 * r, -0.85 * r, 1.7 * r, 1.7 * r);
          case "triangle" -> {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(0, -r);
            p.lineTo(0.95 * r, 0.75 * r);
            p.lineTo(-0.95 * r, 0.75 * r);
            p.closePath();
            yield p;
          }
          case "diamond" -> {
            Path2D.Double p = new Path2D.Double();
            p.moveTo(0, -r);
            p.lineTo(0.7 * r, 0);
            p.lineTo(0, r);
            p.lineTo(-0.7 * r, 0);
            p.closePath();
            yield p;
          }
          case "cross" -> {
            Area a = new Area(new Rectangle2D.Double(-r, -0.33 * r, 2 * r, 0.66 * r));
            a.add(new Area(new Rectangle2D.Double(-0.33 * r, -r, 0.66 * r, 2 * r)));
            yield a;
          }
          default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    // StrictMath, so that a seed gives the same pixels on every JVM.
    double cos = StrictMath.cos(angle);
    double sin = StrictMath.sin(angle);
    return new AffineTransform(cos, sin, -sin, cos, cx, cy).createTransformedShape(base);
  }
}
