package org.unimo.tasks.data;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Region features computed from pixels, the way a detector's region features would be: the
 * extractor sees only the image and a box, never the scene's labels. It separates the object
 * from the background by color distance, then describes the object's color, silhouette and
 * geometry in {@value #SIZE} floats, each roughly in [0, 1].
 *
 * <pre>
 *   index   name           what
 *   0-2     MEAN_RGB       mean R, G, B of the foreground pixels / 255
 *   3-5     STD_RGB        standard deviation of R, G, B of the foreground / 255, times 4 (clipped to 1)
 *   6-17    HUE            hue histogram of the foreground: 12 circular bins centred on hues k/12,
 *                          each pixel split linearly between its two nearest bins; sums to 1
 *   18-53   MASK           6 x 6 foreground occupancy of the box, row-major from the top left
 *                          (share of foreground pixels per cell: a downsampled silhouette)
 *   54      FILL           foreground pixels / box area
 *   55      ASPECT         box width / (width + height)
 *   56      AREA           box area / image area, times 8 (clipped to 1)
 *   57      WIDTH          box width / image width
 *   58      HEIGHT         box height / image height
 *   59      SATURATION     mean HSB saturation of the foreground
 *   60      BRIGHTNESS     mean HSB brightness of the foreground
 *   61      SYMMETRY_LR    share of foreground pixels whose left-right mirror image is foreground
 *   62      SYMMETRY_TB    the same, top-bottom
 *   63      RADIAL         mean distance of foreground pixels from the box centre / half diagonal
 * </pre>
 *
 * <p>A pixel is foreground when the summed absolute RGB difference from the background exceeds
 * {@value #FOREGROUND_THRESHOLD}; the background is estimated from the image border ({@link
 * #background}). A box without foreground pixels gives zeros for the foreground statistics.
 */
public final class RegionFeatures {
  public static final int SIZE = 64;

  public static final int MEAN_RGB = 0;
  public static final int STD_RGB = 3;
  public static final int HUE = 6;
  public static final int HUE_BINS = 12;
  public static final int MASK = 18;
  /** The mask is GRID x GRID cells. */
  public static final int GRID = 6;
  public static final int FILL = 54;
  public static final int ASPECT = 55;
  public static final int AREA = 56;
  public static final int WIDTH = 57;
  public static final int HEIGHT = 58;
  public static final int SATURATION = 59;
  public static final int BRIGHTNESS = 60;
  public static final int SYMMETRY_LR = 61;
  public static final int SYMMETRY_TB = 62;
  public static final int RADIAL = 63;

  /** Summed |dR| + |dG| + |dB| above which a pixel is foreground. */
  public static final int FOREGROUND_THRESHOLD = 90;

  private RegionFeatures() {}

  /**
   * The background color of {@code image}: the per-channel median of its border pixels (the
   * shapes world keeps objects off the border).
   */
  public static int background(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int count = 2 * width + 2 * Math.max(0, height - 2);
    int[][] channels = new int[3][count];
    int n = 0;
    for (int x = 0; x < width; x++) {
      n = addPixel(channels, n, image.getRGB(x, 0));
      n = addPixel(channels, n, image.getRGB(x, height - 1));
    }
    for (int y = 1; y < height - 1; y++) {
      n = addPixel(channels, n, image.getRGB(0, y));
      n = addPixel(channels, n, image.getRGB(width - 1, y));
    }
    int rgb = 0;
    for (int[] channel : channels) {
      Arrays.sort(channel, 0, n);
      rgb = (rgb << 8) | channel[n / 2];
    }
    return rgb;
  }

  private static int addPixel(int[][] channels, int n, int rgb) {
    channels[0][n] = (rgb >> 16) & 0xff;
    channels[1][n] = (rgb >> 8) & 0xff;
    channels[2][n] = rgb & 0xff;
    return n + 1;
  }

  /** Features of {@code box} in {@code image}, against the image's estimated background. */
  public static float[] extract(BufferedImage image, Rectangle box) {
    return extract(image, box, background(image));
  }

  /**
   * Features of {@code box} (clipped to the image) in {@code image}, against background color
   * {@code backgroundRgb} (0xRRGGBB).
   *
   * @throws IllegalArgumentException if the box does not overlap the image
   */
  public static float[] extract(BufferedImage image, Rectangle box, int backgroundRgb) {
    Rectangle b = box.intersection(new Rectangle(0, 0, image.getWidth(), image.getHeight()));
    if (b.isEmpty()) {
      throw new IllegalArgumentException("box " + box + " is outside the " + image.getWidth() + "x" + image.getHeight() + " image");
    }
    int width = b.width;
    int height = b.height;
    int[] pixels = image.getRGB(b.x, b.y, width, height, null, 0, width);
    int bgR = (backgroundRgb >> 16) & 0xff;
    int bgG = (backgroundRgb >> 8) & 0xff;
    int bgB = backgroundRgb & 0xff;

    boolean[] fg = new boolean[width * height];
    double[] sum = new double[3];
    double[] sumSq = new double[3];
    double[] hue = new double[HUE_BINS];
    double saturation = 0;
    double brightness = 0;
    int count = 0;
    float[] hsb = new float[3];
    for (int i = 0; i < pixels.length; i++) {
      int rgb = pixels[i];
      int r = (rgb >> 16) & 0xff;
      int g = (rgb >> 8) & 0xff;
      int bl = rgb & 0xff;
      if (Math.abs(r - bgR) + Math.abs(g - bgG) + Math.abs(bl - bgB) <= FOREGROUND_THRESHOLD) {
        continue;
      }
      fg[i] = true;
      count++;
      sum[0] += r;
      sum[1] += g;
      sum[2] += bl;
      sumSq[0] += (double) r * r;
      sumSq[1] += (double) g * g;
      sumSq[2] += (double) bl * bl;
      Color.RGBtoHSB(r, g, bl, hsb);
      double position = hsb[0] * HUE_BINS;
      int low = (int) Math.floor(position);
      double up = position - low;
      hue[Math.floorMod(low, HUE_BINS)] += 1 - up;
      hue[Math.floorMod(low + 1, HUE_BINS)] += up;
      saturation += hsb[1];
      brightness += hsb[2];
    }

    float[] f = new float[SIZE];
    int n = Math.max(count, 1);
    for (int c = 0; c < 3; c++) {
      double mean = sum[c] / n;
      f[MEAN_RGB + c] = (float) (mean / 255);
      double std = Math.sqrt(Math.max(0, sumSq[c] / n - mean * mean));
      f[STD_RGB + c] = (float) Math.min(1, 4 * std / 255);
    }
    for (int h = 0; h < HUE_BINS; h++) {
      f[HUE + h] = (float) (hue[h] / n);
    }
    for (int gy = 0; gy < GRID; gy++) {
      int y0 = gy * height / GRID;
      int y1 = Math.max(y0 + 1, (gy + 1) * height / GRID);
      for (int gx = 0; gx < GRID; gx++) {
        int x0 = gx * width / GRID;
        int x1 = Math.max(x0 + 1, (gx + 1) * width / GRID);
        int on = 0;
        int cells = 0;
        for (int y = y0; y < Math.min(y1, height); y++) {
          for (int x = x0; x < Math.min(x1, width); x++) {
            cells++;
            on += fg[y * width + x] ? 1 : 0;
          }
        }
        f[MASK + gy * GRID + gx] = cells == 0 ? 0 : (float) on / cells;
      }
    }
    f[FILL] = (float) count / (width * height);
    f[ASPECT] = (float) width / (width + height);
    f[AREA] = Math.min(1f, 8f * width * height / ((float) image.getWidth() * image.getHeight()));
    f[WIDTH] = (float) width / image.getWidth();
    f[HEIGHT] = (float) height / image.getHeight();
    f[SATURATION] = (float) (saturation / n);
    f[BRIGHTNESS] = (float) (brightness / n);
    f[SYMMETRY_LR] = symmetry(fg, width, height, true);
    f[SYMMETRY_TB] = symmetry(fg, width, height, false);
    double cx = (width - 1) / 2.0;
    double cy = (height - 1) / 2.0;
    double halfDiagonal = StrictMath.hypot(width / 2.0, height / 2.0);
    double radial = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (fg[y * width + x]) {
          radial += StrictMath.hypot(x - cx, y - cy) / halfDiagonal;
        }
      }
    }
    f[RADIAL] = (float) (radial / n);
    return f;
  }

  private static float symmetry(boolean[] fg, int width, int height, boolean leftRight) {
    int on = 0;
    int matched = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (fg[y * width + x]) {
          on++;
          int mirror = leftRight ? y * width + (width - 1 - x) : (height - 1 - y) * width + x;
          matched += fg[mirror] ? 1 : 0;
        }
      }
    }
    return on == 0 ? 0 : (float) matched / on;
  }
}
