package org.unimo.tasks.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecallTest {
  @Test
  void countsHitsInBothDirections() {
    float[][] scores = {
      {0.9f, 0.1f, 0.0f}, // text 0 -> image 0: hit
      {0.8f, 0.5f, 0.1f}, // text 1 -> image 0: miss
      {0.0f, 0.2f, 0.7f}, // text 2 -> image 2: hit
    };
    Recall recall = Recall.atOne(scores);
    assertThat(recall.textToImage()).isEqualTo(2.0 / 3);
    // image 0's best text is 0 (0.9): hit; image 1's is 1 (0.5): hit; image 2's is 2: hit.
    assertThat(recall.imageToText()).isEqualTo(1.0);
    assertThat(recall.chance()).isEqualTo(1.0 / 3);
  }

  @Test
  void tiesGoToTheFirstCandidate() {
    assertThat(org.unimo.graph.Outputs.argmax(new float[] {1, 3, 3})).isEqualTo(1);
    assertThat(Recall.atOne(new float[][] {{1, 1}, {1, 1}}).textToImage()).isEqualTo(0.5);
  }
}
