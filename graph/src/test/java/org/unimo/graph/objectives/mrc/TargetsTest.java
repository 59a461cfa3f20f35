package org.unimo.graph.objectives.mrc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.ImageRegions;

class TargetsTest {
  @Test
  void hardTargetsAreOneHotOfTheTopClassAndSoftOnesTheDistribution() {
    float[][] probs = {{0.2f, 0.5f, 0.3f}, {0.6f, 0.1f, 0.3f}};
    ImageRegions image = new ImageRegions(new float[2][1], new float[2][5]);
    ImageExamples examples = new ImageExamples(ImageBatch.of(List.of(image), 3, 1, 5), List.of(image), List.<float[][]>of(probs));
    float[] hard = MaskedRegionClassification.targets(examples, 3, 3, false);
    assertThat(hard).containsExactly(0, 1, 0, 1, 0, 0, 0, 0, 0);
    float[] soft = MaskedRegionClassification.targets(examples, 3, 3, true);
    assertThat(soft).containsExactly(0.2f, 0.5f, 0.3f, 0.6f, 0.1f, 0.3f, 0, 0, 0);
  }
}
