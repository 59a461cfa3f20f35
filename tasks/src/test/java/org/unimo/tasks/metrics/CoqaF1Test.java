package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link CoqaF1} against CoQA's official {@code evaluate-v1.0.py}. Each expected value was computed
 * by running the script's own {@code CoQAEvaluator._compute_turn_score(golds, prediction)["f1"]}
 * (and {@code get_tokens} for the token lists) with Python 3.11.7 on these hand-written questions;
 * the copy of the script run was the one in espressoVi/XLNet-CoQA@482a97f, whose normalization and
 * scoring functions are identical to the copies in jaytsien/Bert-for-coqa and
 * WERimagin/baseline_CoQA.
 */
class CoqaF1Test {
  private static final Offset<Double> TOLERANCE = within(1e-12);

  private static final List<String> PREDICTIONS =
      List.of(
          "a white cat",
          "The Cotton, a kitten!",
          "in the barn",
          "yes",
          "no",
          "unknown",
          "the",
          "An apple an a day",
          "three dogs and two cats",
          "dog dog dog",
          "Mr. Smith's house",
          "café naïve résumé");

  private static final List<List<String>> GOLDS =
      List.of(
          List.of("white", "white", "white kitten", "white"),
          List.of("Cotton", "a little white kitten named Cotton", "cotton the cat", "white kitten"),
          List.of("the barn", "in a barn", "barn", "in the old red barn"),
          List.of("yes", "yes", "no", "yes"),
          List.of("yes", "yes", "no", "yes"),
          List.of("unknown"),
          List.of("a"),
          List.of("an apple a day keeps the doctor away"),
          List.of("two cats and three dogs"),
          List.of("dog", "the dog"),
          List.of("Mr Smiths house", "Smith\u2019s house", "the house of a\u2019s"),
          List.of("Café resume", "naïve café"));

  /** The official script's F1 of each question above, in order. */
  private static final double[] OFFICIAL = {
    0.6666666666666666,
    0.6428571428571428,
    0.9166666666666666,
    1.0,
    0.75,
    1.0,
    1.0,
    0.5714285714285715,
    1.0,
    0.5,
    0.7999999999999999,
    0.6000000000000001
  };

  @Test
  void eachQuestionScoresAsTheOfficialScript() {
    for (int i = 0; i < OFFICIAL.length; i++) {
      assertThat(CoqaF1.f1(PREDICTIONS.get(i), GOLDS.get(i))).as(PREDICTIONS.get(i)).isCloseTo(OFFICIAL[i], TOLERANCE);
    }
  }

  @Test
  void theCorpusScoreIsTheMeanOverQuestions() {
    // The script's mean of the twelve turn scores (it would print 78.7).
    assertThat(CoqaF1.score(PREDICTIONS, GOLDS)).isCloseTo(0.7873015873015873, TOLERANCE);
  }

  @Test
  void normalizationMatchesTheScriptsTokens() {
    // get_tokens of the script on the same strings.
    assertThat(CoqaF1.tokens("The Cotton, a kitten!")).containsExactly("cotton", "kitten");
    assertThat(CoqaF1.tokens("the house of a\u2019s")).containsExactly("house", "of", "\u2019s");
    assertThat(CoqaF1.tokens("Smith\u2019s house")).containsExactly("smith\u2019s", "house");
    assertThat(CoqaF1.tokens("the")).isEmpty();
  }

  @Test
  void aQuestionNeedsAGoldAnswerAndTheCountsMustAgree() {
    assertThatThrownBy(() -> CoqaF1.f1("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CoqaF1.score(List.of("x"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1 predictions for 0 questions");
  }
}
