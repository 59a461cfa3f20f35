package org.unimo.rewriting.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoresTest {
  private static String format(float score) {
    return Scores.appendScore(new StringBuilder(), score).toString();
  }

  @Test
  void threeDecimals() {
    assertThat(format(0.83f)).isEqualTo("0.830");
    assertThat(format(41.6294f)).isEqualTo("41.629");
    assertThat(format(0.0005f)).isEqualTo("0.001");
    assertThat(format(0f)).isEqualTo("0.000");
    assertThat(format(-1.25f)).isEqualTo("-1.250");
    assertThat(format(Float.NaN)).isEqualTo("NaN");
  }
}
