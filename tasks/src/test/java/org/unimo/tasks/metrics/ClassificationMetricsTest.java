package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accuracy, MCC, Pearson and Spearman. MCC values were computed by running scikit-learn 1.2.1's
 * {@code sklearn.metrics.matthews_corrcoef} (Debian's python3-sklearn) on these inputs, the first
 * being the example of its docstring; correlations by running SciPy 1.17.1's {@code
 * scipy.stats.pearsonr} and {@code spearmanr}.
 */
class ClassificationMetricsTest {
  @Test
  void accuracyComparesLabelsAsStrings() {
    assertThat(Accuracy.score(List.of("1", "0", "1", "1.0"), List.of("1", "1", "1", "1"))).isEqualTo(0.5);
  }

  @Test
  void matthewsCorrelationBinaryAndMulticlass() {
    // sklearn's docstring example: matthews_corrcoef([+1, +1, +1, -1], [+1, -1, +1, +1]) -> -0.33...
    assertThat(MatthewsCorrelation.score(List.of("1", "-1", "1", "1"), List.of("1", "1", "1", "-1"))).isCloseTo(-0.3333333333333333, within(1e-12));
    assertThat(MatthewsCorrelation.score(ints(1, 0, 0, 1, 0, 1, 1, 0, 1, 0), ints(1, 0, 1, 1, 0, 0, 1, 0, 1, 1))).isCloseTo(0.408248290463863, within(1e-12));
    assertThat(MatthewsCorrelation.score(
            List.of("a", "b", "b", "a", "c", "c", "a", "b", "c"), List.of("a", "b", "c", "a", "b", "c", "a", "a", "c")))
        .isCloseTo(0.5095246653650681, within(1e-12));
    // One class on either side: sklearn returns 0.0.
    assertThat(MatthewsCorrelation.score(ints(1, 0, 1, 1), ints(1, 1, 1, 1))).isEqualTo(0.0);
    assertThat(MatthewsCorrelation.score(ints(1, 1, 1, 1), ints(1, 0, 1, 0))).isEqualTo(0.0);
  }

  @Test
  void pearsonAndSpearmanWithTies() {
    double[] predicted = {0.5, 2.0, 3.5, 3.5, 1.0, 4.8, 2.2, 0.0};
    double[] gold = {0.0, 2.4, 3.8, 3.0, 1.2, 5.0, 2.2, 0.6};
    assertThat(Pearson.score(predicted, gold)).isCloseTo(0.9708987169510017, within(1e-12));
    assertThat(Spearman.score(predicted, gold)).isCloseTo(0.9461247469114745, within(1e-12));
    double[] x = {1, 2, 2, 3, 3, 3, 4};
    double[] y = {2, 1, 2, 3, 3, 4, 4};
    assertThat(Pearson.score(x, y)).isCloseTo(0.7893522173763263, within(1e-12));
    assertThat(Spearman.score(x, y)).isCloseTo(0.8559275160255126, within(1e-12));
    assertThat(Spearman.ranks(x)).containsExactly(1, 2.5, 2.5, 5, 5, 5, 7);
  }

  @Test
  void aConstantSideHasNoCorrelation() {
    assertThatThrownBy(() -> Pearson.score(new double[] {1, 1, 1}, new double[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the predictions are constant");
  }

  private static List<String> ints(int... values) {
    return java.util.Arrays.stream(values).mapToObj(Integer::toString).toList();
  }
}
