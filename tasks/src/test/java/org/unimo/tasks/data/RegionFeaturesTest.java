package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RegionFeaturesTest {
  @Test
  void theLayoutCoversSixtyFourValuesWithoutGaps() {
    assertThat(RegionFeatures.STD_RGB).isEqualTo(RegionFeatures.MEAN_RGB + 3);
    assertThat(RegionFeatures.HUE).isEqualTo(RegionFeatures.STD_RGB + 3);
    assertThat(RegionFeatures.MASK).isEqualTo(RegionFeatures.HUE + RegionFeatures.HUE_BINS);
    assertThat(RegionFeatures.FILL).isEqualTo(RegionFeatures.MASK + RegionFeatures.GRID * RegionFeatures.GRID);
    assertThat(RegionFeatures.RADIAL).isEqualTo(RegionFeatures.SIZE - 1);
  }

  @Test
  void aFilledRectangleOnThePlainBackground() {
    BufferedImage image = image();
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(215, 40, 40));
    g.fillRect(20, 30, 24, 12);
    g.dispose();
    assertThat(RegionFeatures.background(image)).isEqualTo(Shapes.BACKGROUND.getRGB() & 0xffffff);

    float[] f = RegionFeatures.extract(image, new Rectangle(20, 30, 24, 12));
    assertThat(f).hasSize(RegionFeatures.SIZE);
    assertThat(f[RegionFeatures.MEAN_RGB]).isCloseTo(215 / 255f, within(1e-6f));
    assertThat(f[RegionFeatures.MEAN_RGB + 1]).isCloseTo(40 / 255f, within(1e-6f));
    assertThat(f[RegionFeatures.STD_RGB]).isZero();
    assertThat(f[RegionFeatures.HUE]).isCloseTo(1f, within(1e-6f));
    for (int k = 0; k < 36; k++) {
      assertThat(f[RegionFeatures.MASK + k]).isEqualTo(1f);
    }
    assertThat(f[RegionFeatures.FILL]).isEqualTo(1f);
    assertThat(f[RegionFeatures.ASPECT]).isCloseTo(24f / 36, within(1e-6f));
    assertThat(f[RegionFeatures.WIDTH]).isCloseTo(24f / 96, within(1e-6f));
    assertThat(f[RegionFeatures.HEIGHT]).isCloseTo(12f / 96, within(1e-6f));
    assertThat(f[RegionFeatures.AREA]).isCloseTo(8f * 24 * 12 / (96 * 96), within(1e-6f));
    assertThat(f[RegionFeatures.SYMMETRY_LR]).isEqualTo(1f);
    assertThat(f[RegionFeatures.SYMMETRY_TB]).isEqualTo(1f);
  }

  @Test
  void theMaskIsTheSilhouette() {
    BufferedImage image = image();
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(45, 80, 215));
    g.fillRect(10, 10, 12, 24); // the left half of the box below
    g.dispose();
    float[] f = RegionFeatures.extract(image, new Rectangle(10, 10, 24, 24));
    for (int row = 0; row < 6; row++) {
      for (int col = 0; col < 6; col++) {
        assertThat(f[RegionFeatures.MASK + row * 6 + col]).isEqualTo(col < 3 ? 1f : 0f);
      }
    }
    assertThat(f[RegionFeatures.FILL]).isCloseTo(0.5f, within(1e-6f));
    assertThat(f[RegionFeatures.SYMMETRY_LR]).isZero();
    // Blue is hue 0.64: split between the bins at 7/12 and 8/12.
    assertThat(f[RegionFeatures.HUE + 7] + f[RegionFeatures.HUE + 8]).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void anEmptyBoxGivesZeroForegroundStatistics() {
    float[] f = RegionFeatures.extract(image(), new Rectangle(40, 40, 10, 10));
    assertThat(f[RegionFeatures.FILL]).isZero();
    assertThat(f[RegionFeatures.MEAN_RGB]).isZero();
    assertThat(f[RegionFeatures.WIDTH]).isCloseTo(10f / 96, within(1e-6f));
  }

  @Test
  void aBoxOutsideTheImageIsRejected() {
    assertThatThrownBy(() -> RegionFeatures.extract(image(), new Rectangle(200, 200, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BufferedImage image() {
    BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Shapes.BACKGROUND);
    g.fillRect(0, 0, 96, 96);
    g.dispose();
    return image;
  }
}
