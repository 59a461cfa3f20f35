package org.unimo.tasks.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/** The shapes world's vocabulary and how each shape is drawn. */
final class Shapes {
  static final List<String> SHAPES = List.of("circle", "square", "triangle", "diamond", "cross");
  static final List<String> COLORS = List.of("red", "green", "blue", "yellow", "purple", "orange");
  static final List<String> SIZES = List.of("small", "large");

  private static final int[][] RGB = {
    {215, 40, 40}, {40, 165, 60}, {45, 80, 215}, {225, 205, 35}, {140, 60, 175}, {240, 135, 30}
  };

  /** The plain background every scene is drawn on. */
  static final Color BACKGROUND = new Color(235, 235, 235);

  private Shapes() {}

  /** The detector's class names: every color x shape, e.g. "red circle". */
  static List<String> classNames() {
    return COLORS.stream().flatMap(c -> SHAPES.stream().map(s -> c + " " + s)).toList();
  }

  static int classIndex(int color, int shape) {
    return color * SHAPES.size() + shape;
  }

  static Color color(int index, int jitterRed, int jitterGreen, int jitterBlue) {
    int[] rgb = RGB[index];
    return new Color(clamp(rgb[0] + jitterRed), clamp(rgb[1] + jitterGreen), clamp(rgb[2] + jitterBlue));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** The outline of {@code shape} centred at (cx, cy) with "radius" r, rotated by {@code angle}. */
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
    AffineTransform at = new AffineTransform();
    at.translate(cx, cy);
    at.rotate(angle);
    return at.createTransformedShape(base);
  }

  static void fill(Graphics2D g, Shape outline, Color color) {
    g.setColor(color);
    g.fill(outline);
  }
}
