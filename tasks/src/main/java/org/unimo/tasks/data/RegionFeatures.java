package org.unimo.tasks.data;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Region features computed from pixels, as a detector's region features would be: 64 floats,
 * roughly in [0, 1].
 *
 * <pre>
 *   0-2    mean R, G, B of the region's foreground pixels
 *   3-5    standard deviation of R, G, B (x4)
 *   6-17   hue histogram, 12 bins, normalized to sum 1
 *   18-53  6 x 6 foreground occupancy of the box (the silhouette)
 *   54     fill ratio: foreground pixels / box area
 *   55     aspect ratio: width / (width + height)
 *   56     box area / image area (x8)
 *   57-58  box width and height / image size
 *   59-60  mean saturation and brightness of the foreground
 *   61-62  left-right and top-bottom symmetry of the silhouette
 *   63     mean distance of foreground pixels from the box centre / half diagonal
 * </pre>
 *
 * A pixel is foreground when its summed RGB distance from the background exceeds {@link
 * #FOREGROUND_THRESHOLD}.
 */
public final class RegionFeatures {
  public static final int SIZE = 64;
  static final int FOREGROUND_THRESHOLD = 90;
  private static final int GRID = 6;
  private static final int HUE_BINS = 12;

  private RegionFeatures() {}

  /** Features of the box [x0, x1) x [y0, y1) of {@code image}. */
  static float[] extract(BufferedImage image, int x0, int y0, int x1, int y1) {
    int width = x1 - x0;
    int height = y1 - y0;
    boolean[][] fg = new boolean[height][width];
    double[] sum = new double[3];
    double[] sumSq = new double[3];
    double[] hue = new double[HUE_BINS];
    double saturation = 0;
    double brightness = 0;
    int count = 0;
    float[] hsb = new float[3];
    int bg = Shapes.BACKGROUND.getRGB();
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int distance =
            Math.abs(r - ((bg >> 16) & 0xff)) + Math.abs(g - ((bg >> 8) & 0xff)) + Math.abs(b - (bg & 0xff));
        if (distance <= FOREGROUND_THRESHOLD) {
          continue;
        }
        fg[y - y0][x - x0] = true;
        count++;
        sum[0] += r;
        sum[1] += g;
        sum[2] += b;
        sumSq[0] += r * r;
        sumSq[1] += g * g;
        sumSq[2] += b * b;
        Color.RGBtoHSB(r, g, b, hsb);
        hue[Math.min(HUE_BINS - 1, (int) (hsb[0] * HUE_BINS))]++;
        saturation += hsb[1];
        brightness += hsb[2];
      }
    }
    float[] f = new float[SIZE];
    int n = Math.max(count, 1);
    for (int c = 0; c < 3; c++) {
      double mean = sum[c] / n;
      f[c] = (float) (mean / 255);
      f[3 + c] = (float) (4 * Math.sqrt(Math.max(0, sumSq[c] / n - mean * mean)) / 255);
    }
    for (int h = 0; h < HUE_BINS; h++) {
      f[6 + h] = (float) (hue[h] / n);
    }
    for (int gy = 0; gy < GRID; gy++) {
      for (int gx = 0; gx < GRID; gx++) {
        int cy0 = gy * height / GRID;
        int cy1 = Math.max(cy0 + 1, (gy + 1) * height / GRID);
        int cx0 = gx * width / GRID;
        int cx1 = Math.max(cx0 + 1, (gx + 1) * width / GRID);
        int on = 0;
        int cells = 0;
        for (int y = cy0; y < Math.min(cy1, height); y++) {
          for (int x = cx0; x < Math.min(cx1, width); x++) {
            cells++;
            if (fg[y][x]) {
              on++;
            }
          }
        }
        f[18 + gy * GRID + gx] = cells == 0 ? 0 : (float) on / cells;
      }
    }
    int size = image.getWidth();
    f[54] = (float) count / (width * height);
    f[55] = (float) width / (width + height);
    f[56] = Math.min(1f, 8f * width * height / (size * image.getHeight()));
    f[57] = (float) width / size;
    f[58] = (float) height / image.getHeight();
    f[59] = (float) (saturation / n);
    f[60] = (float) (brightness / n);
    f[61] = symmetry(fg, true);
    f[62] = symmetry(fg, false);
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double halfDiagonal = Math.hypot(cx + 0.5, cy + 0.5);
    double radial = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (fg[y][x]) {
          radial += Math.hypot(x - cx, y - cy) / halfDiagonal;
        }
      }
    }
    f[63] = (float) (radial / n);
    return f;
  }

  /** Share of foreground pixels whose mirror image (left-right or top-bottom) is foreground too. */
  private static float symmetry(boolean[][] fg, boolean leftRight) {
    int height = fg.length;
    int width = height == 0 ? 0 : fg[0].length;
    int on = 0;
    int matched = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (fg[y][x]) {
          on++;
          boolean mirror = leftRight ? fg[y][width - 1 - x] : fg[height - 1 - y][x];
          if (mirror) {
            matched++;
          }
        }
      }
    }
    return on == 0 ? 0 : (float) matched / on;
  }
}
