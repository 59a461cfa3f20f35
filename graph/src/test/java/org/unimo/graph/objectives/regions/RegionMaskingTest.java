package org.unimo.graph.objectives.regions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.objective.Draws;

class RegionMaskingTest {
  @Test
  void maskingZeroesTheChosenRegionsFeaturesAndKeepsTheirBoxes() {
    Random random = new Random(1);
    List<ImageRegions> images = new ArrayList<>();
    List<float[][]> classes = new ArrayList<>();
    for (int b = 0; b < 8; b++) {
      int regions = 2 + b % 4;
      float[][] features = new float[regions][4];
      float[][] boxes = new float[regions][5];
      for (int r = 0; r < regions; r++) {
        for (int f = 0; f < 4; f++) features[r][f] = 1 + random.nextFloat();
        for (int f = 0; f < 5; f++) boxes[r][f] = random.nextFloat();
      }
      images.add(new ImageRegions(features, boxes));
      classes.add(new float[regions][3]);
    }
    ImageExamples examples = new ImageExamples(ImageBatch.of(images, 5, 4, 5), images, classes);
    RegionMasking masking = RegionMasking.mask(examples, 0.3f, Draws.seeded(1));
    for (int b = 0; b < images.size(); b++) {
      int regions = images.get(b).regions();
      int masked = 0;
      for (int r = 0; r < 5; r++) {
        int at = (b * 5 + r) * 4;
        float[] now = Arrays.copyOfRange(masking.input().features(), at, at + 4);
        if (masking.masked()[b * 5 + r] == 1f) {
          masked++;
          assertThat(r).isLessThan(regions);
          assertThat(now).containsOnly(0f);
        } else if (r < regions) {
          assertThat(now).containsExactly(images.get(b).features()[r]);
        }
      }
      assertThat(masked).isEqualTo(Math.max(1, Math.round(0.3f * regions)));
    }
    assertThat(masking.input().boxes()).containsExactly(examples.batch().boxes());
    assertThat(RegionMasking.mask(examples, 0.3f, Draws.seeded(1)).masked()).containsExactly(masking.masked());
  }
}
