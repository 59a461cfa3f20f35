package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Recall@K. Retrieval has no single official scorer; the expected values were computed by ranking
 * this matrix with {@code numpy.argsort(-scores, axis=1, kind="stable")} (NumPy 2.4.6), which
 * breaks ties by candidate index as {@link RecallAtK#ofScores} does.
 */
class RecallAtKTest {
  private static final float[][] SCORES = {
    {0.63f, 0.90f, 0.78f, 0.23f, 0.30f, 0.87f, 0.01f, 0.82f, 0.80f, 0.47f, 0.30f, 0.28f},
    {0.25f, 0.45f, 0.50f, 0.55f, 1.00f, 0.79f, 0.62f, 0.99f, 0.22f, 0.16f, 0.61f, 0.04f},
    {0.04f, 0.51f, 0.95f, 0.92f, 0.63f, 0.51f, 0.50f, 0.25f, 0.01f, 0.19f, 0.69f, 0.20f},
    {0.37f, 0.00f, 0.83f, 0.15f, 0.27f, 0.88f, 0.51f, 0.85f, 0.64f, 0.74f, 0.09f, 0.54f},
    {0.51f, 0.87f, 0.36f, 0.60f, 0.06f, 0.39f, 0.32f, 0.15f, 0.82f, 0.38f, 0.98f, 0.59f},
    {0.61f, 0.64f, 0.68f, 0.61f, 0.44f, 0.24f, 0.40f, 0.10f, 0.97f, 0.22f, 0.67f, 0.30f},
  };
  private static final List<Set<Integer>> RELEVANT = List.of(Set.of(0), Set.of(1, 7), Set.of(2), Set.of(3), Set.of(4, 5), Set.of(11));

  @Test
  void fromAScoreMatrix() {
    // First relevant ranks (0-based): 5, 1, 0, 9, 6, 8.
    RecallAtK.Result r = RecallAtK.ofScores(SCORES, RELEVANT);
    assertThat(r.r1()).isEqualTo(1.0 / 6);
    assertThat(r.r5()).isEqualTo(2.0 / 6);
    assertThat(r.r10()).isEqualTo(1.0);
    assertThat(r.queries()).isEqualTo(6);
  }

  @Test
  void fromRankedLists() {
    // By hand: "a" first (hit at 1), "u" sixth (hit at 10 only), "q" absent.
    RecallAtK.Result r =
        RecallAtK.ofRankings(
            List.of(List.of("a", "b", "c"), List.of("x", "y", "z", "w", "v", "u"), List.of("p")),
            List.of(Set.of("a"), Set.of("u"), Set.of("q")));
    assertThat(r.r1()).isEqualTo(1.0 / 3);
    assertThat(r.r5()).isEqualTo(1.0 / 3);
    assertThat(r.r10()).isEqualTo(2.0 / 3);
  }
}
