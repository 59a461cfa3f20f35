package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrototypeDetectorTest {
  private final PrototypeDetector detector = new PrototypeDetector(96);

  @Test
  void everyPrototypeIsClassifiedAsItsClass() {
    assertThat(detector.numClasses()).isEqualTo(30);
    for (int c = 0; c < detector.numClasses(); c++) {
      float[] probs = detector.classify(detector.prototype(c));
      assertThat(org.unimo.graph.Outputs.argmax(probs)).as(detector.classNames().get(c)).isEqualTo(c);
      double sum = 0;
      for (float p : probs) {
        sum += p;
      }
      assertThat(sum).isCloseTo(1.0, within(1e-5));
      assertThat(probs[c]).isGreaterThan(0.5f);
    }
  }

  @Test
  void theDistanceIgnoresSizeAndPosition() {
    float[] f = detector.prototype(0);
    float[] g = f.clone();
    g[RegionFeatures.AREA] = 0.9f;
    g[RegionFeatures.WIDTH] = 0.9f;
    g[RegionFeatures.HEIGHT] = 0.9f;
    assertThat(PrototypeDetector.distance(f, g)).isZero();
    g[RegionFeatures.MEAN_RGB] += 0.1f;
    assertThat(PrototypeDetector.distance(f, g)).isCloseTo(PrototypeDetector.COLOR_WEIGHT * 0.01, within(1e-6));
  }

  @Test
  void classifyWantsAFullFeatureVector() {
    assertThatThrownBy(() -> detector.classify(new float[3])).hasMessageContaining("64");
  }
}
