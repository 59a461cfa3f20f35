package org.unimo.tasks.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unimo.tasks.baseline.BagOfWords.Features;
import org.unimo.tasks.baseline.BagOfWords.Method;
import org.unimo.tasks.baseline.BagOfWords.Options;
import org.unimo.tasks.metrics.Accuracy;
import org.unimo.tasks.metrics.Pearson;

class BagOfWordsTest {
  private static final Options ALL_WORDS = Options.builder().minCount(1).build();

  @Test
  void wordsAreLowercasedRunsOfLettersAndDigits() {
    assertThat(Words.of("Don't e-mail $3.50!")).containsExactly("don", "t", "e", "mail", "3", "50");
    assertThat(Words.of("ÉCOLE\tStraße, naïve")).containsExactly("école", "straße", "naïve");
    assertThat(Words.of(" ... ")).isEmpty();
    assertThat(Words.of("The cat", "the DOG")).containsExactly("the", "cat", "b:the", "b:dog");
  }

  @Test
  void naiveBayesProbabilitiesWorkedByHand() {
    List<String> texts = List.of("good lunch", "Good good meeting", "lunch", "win money", "WIN good");
    int[] labels = {0, 0, 0, 1, 1};
    BagOfWords.Model model = BagOfWords.train(texts, null, labels, 2, Method.NAIVE_BAYES, ALL_WORDS);
    // Vocabulary (minCount 1), most frequent first, ties in String order: good 4, lunch 2, win 2,
    // meeting 1, money 1; V = 5.
    assertThat(model.vocabulary()).containsExactly("good", "lunch", "win", "meeting", "money");
    // Priors: 3 of 5 texts are class 0, 2 of 5 class 1.
    // Class 0 counts: good 3, lunch 2, meeting 1 (N_0 = 6): P(w | 0) = (n + 1) / (6 + 5), so good
    // 4/11, lunch 3/11, meeting 2/11, win 1/11, money 1/11.
    // Class 1 counts: win 2, money 1, good 1 (N_1 = 4): P(w | 1) = (n + 1) / (4 + 5), so win 3/9,
    // money 2/9, good 2/9, lunch 1/9, meeting 1/9.
    // "Good win tomorrow!" ("tomorrow" is not in the vocabulary, ignored):
    //   class 0: 3/5 * 4/11 * 1/11 = 12/605;  class 1: 2/5 * 2/9 * 3/9 = 12/405
    //   P(1) = (12/405) / (12/605 + 12/405) = 605 / (405 + 605) = 121/202, P(0) = 81/202.
    assertThat(model.probabilities("Good win tomorrow!", null)).containsExactly(new double[] {81.0 / 202, 121.0 / 202}, within(1e-12));
    assertThat(model.predict("Good win tomorrow!", null)).isEqualTo(1);
    // Counts, not presence: "win win" is 3/5 * (1/11)^2 = 3/605 against 2/5 * (3/9)^2 = 2/45,
    //   P(1) = (2/45) / (3/605 + 2/45) = 242 / (27 + 242) = 242/269.
    assertThat(model.probabilities("win win", null)[1]).isCloseTo(242.0 / 269, within(1e-12));
    // No known word: the priors.
    assertThat(model.probabilities("??? tomorrow", null)).containsExactly(new double[] {3.0 / 5, 2.0 / 5}, within(1e-12));
    assertThat(model.losses()).isEmpty();
    assertThat(model.converged()).isTrue();
  }

  @Test
  void naiveBayesNeverPredictsAClassWithoutTexts() {
    BagOfWords.Model model = BagOfWords.train(List.of("a b", "b c"), null, new int[] {0, 2}, 3, Method.NAIVE_BAYES, ALL_WORDS);
    double[] p = model.probabilities("a b c", null);
    assertThat(p[1]).isZero();
    assertThat(p[0] + p[2]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void logisticRegressionSeparatesASeparableSetAndItsLossDecreases() {
    List<String> texts =
        List.of(
            "apple banana the", "banana cherry a", "the apple cherry", "a banana banana",
            "car truck the", "truck bus a", "the car bus", "a bus bus");
    int[] labels = {0, 0, 0, 0, 1, 1, 1, 1};
    for (Features features : Features.values()) {
      Options options = ALL_WORDS.toBuilder().features(features).build();
      BagOfWords.Model model = BagOfWords.train(texts, null, labels, 2, Method.LOGISTIC_REGRESSION, options);

      assertThat(names(model.predict(texts, null))).as("%s", features).isEqualTo(names(labels));
      assertThat(Accuracy.score(names(model.predict(List.of("an apple", "the truck"), null)), List.of("0", "1"))).isEqualTo(1.0);
      List<Double> losses = model.losses();
      // From zero weights every class is equally likely: the mean cross-entropy is ln 2.
      assertThat(losses.get(0)).isCloseTo(Math.log(2), within(1e-12));
      for (int i = 1; i < losses.size(); i++) {
        assertThat(losses.get(i)).as("%s loss %d", features, i).isLessThanOrEqualTo(losses.get(i - 1));
      }
      assertThat(losses.get(losses.size() - 1)).as("%s", features).isLessThan(0.1);
      assertThat(model.converged()).isTrue();
      assertThat(model.probabilities("banana", null)[0]).isGreaterThan(0.9);
    }
  }

  @Test
  void softmaxOverThreeClasses() {
    List<String> texts = List.of("red red", "red sun", "green grass", "green leaf", "blue sky", "blue sea");
    int[] labels = {0, 0, 1, 1, 2, 2};
    BagOfWords.Model model = BagOfWords.train(texts, null, labels, 3, Method.LOGISTIC_REGRESSION, ALL_WORDS);
    assertThat(model.predict(List.of("a red car", "green", "the blue one", "sun", "leaf", "sea"), null)).containsExactly(0, 1, 2, 0, 1, 2);
    double[] p = model.probabilities("blue", null);
    assertThat(p).hasSize(3);
    assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-12));
    assertThat(p[2]).isGreaterThan(0.9);
  }

  @Test
  void theSameInputsGiveTheSameModel() {
    List<String> texts = List.of("cheap meds now", "meeting at noon", "cheap cheap offer", "lunch at noon", "offer now", "noon meeting notes");
    int[] labels = {1, 0, 1, 0, 1, 0};
    for (Method method : Method.values()) {
      BagOfWords.Model first = BagOfWords.train(texts, null, labels, 2, method, ALL_WORDS);
      BagOfWords.Model second = BagOfWords.train(List.copyOf(texts), null, labels.clone(), 2, method, ALL_WORDS);
      assertThat(second.vocabulary()).isEqualTo(first.vocabulary());
      assertThat(second.losses()).isEqualTo(first.losses());
      for (String text : List.of("cheap lunch", "meeting offer now", "nothing known")) {
        assertThat(second.probabilities(text, null)).as("%s %s", method, text).containsExactly(first.probabilities(text, null));
      }
    }
  }

  @Test
  void aPairsSecondTextHasItsOwnFeatures() {
    // The label is whether the hypothesis (second text) says "not"; premises say it as often.
    List<String> premises = List.of("it is not red", "it is red", "it is not big", "it is big", "he did not go", "he went");
    List<String> hypotheses = List.of("it is red", "it is not red", "it is big", "it is not big", "he went", "he did not go");
    int[] labels = {0, 1, 0, 1, 0, 1};
    for (Method method : Method.values()) {
      BagOfWords.Model model = BagOfWords.train(premises, hypotheses, labels, 2, method, ALL_WORDS);
      assertThat(model.pairs()).isTrue();
      assertThat(model.vocabulary()).contains("not", "b:not", "red", "b:red");
      assertThat(model.predict("the sky is blue", "the sky is not blue")).as("%s", method).isEqualTo(1);
      assertThat(model.predict("the sky is not blue", "the sky is blue")).as("%s", method).isEqualTo(0);
      assertThatThrownBy(() -> model.predict("a single text", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("trained on text pairs");
    }
    BagOfWords.Model single = BagOfWords.train(premises, null, labels, 2, Method.NAIVE_BAYES, ALL_WORDS);
    assertThat(single.vocabulary()).noneMatch(word -> word.startsWith("b:"));
    assertThatThrownBy(() -> single.predict("a", "b")).hasMessageContaining("trained on single texts");
  }

  @Test
  void theVocabularyKeepsFrequentTrainingWords() {
    List<String> texts = List.of("a b c d", "a b c", "a b", "a e");
    int[] labels = {0, 1, 0, 1};
    // Default minCount 2: d and e (once each) are left out.
    assertThat(BagOfWords.train(texts, null, labels, 2, Method.NAIVE_BAYES, Options.defaults()).vocabulary()).containsExactly("a", "b", "c");
    Options four = ALL_WORDS.toBuilder().maxVocabulary(4).build();
    // Capped at the 4 most frequent; d and e tie at 1, d first in String order.
    assertThat(BagOfWords.train(texts, null, labels, 2, Method.NAIVE_BAYES, four).vocabulary()).containsExactly("a", "b", "c", "d");
    assertThatThrownBy(() -> BagOfWords.train(List.of("x", "y"), null, new int[] {0, 1}, 2, Method.NAIVE_BAYES, Options.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no word occurs 2 times in the 2 training texts (2 distinct words); lower minCount");
  }

  @Test
  void badInputsAreRefusedWithTheNumbers() {
    assertThatThrownBy(() -> BagOfWords.train(List.of("a", "a"), null, new int[] {0, 2}, 2, Method.NAIVE_BAYES, ALL_WORDS))
        .hasMessage("labels[1]: 2 is not in [0, 2)");
    assertThatThrownBy(() -> BagOfWords.train(List.of("a", "a"), List.of("b"), new int[] {0, 1}, 2, Method.NAIVE_BAYES, ALL_WORDS))
        .hasMessage("2 texts for 1 second texts");
    assertThatThrownBy(() -> BagOfWords.train(List.of("a"), null, new int[] {0, 1}, 2, Method.NAIVE_BAYES, ALL_WORDS))
        .hasMessage("1 texts for 2 labels");
    assertThatThrownBy(() -> Options.builder().minCount(0).build()).hasMessage("minCount: 0 is below 1");
    assertThatThrownBy(() -> Options.builder().l2(-1).build()).hasMessage("l2: -1.0 is not a finite number >= 0");
  }

  @Test
  void ridgeRegressionFitsAScore() {
    // The score is 1 per "good" and 2 per "great", as binary features: exactly linear.
    List<String> firsts = List.of("good", "great", "good great", "meh", "good meh", "great meh", "meh meh");
    List<String> seconds = List.of("x", "x", "y", "y", "x", "y", "x");
    double[] targets = {1, 2, 3, 0, 1, 2, 0};
    Options options = ALL_WORDS.toBuilder().features(Features.BINARY).l2(1e-9).tolerance(1e-10).build();
    BagOfWords.Ridge ridge = BagOfWords.trainRidge(firsts, seconds, targets, options);
    assertThat(ridge.predict("great and good", "y")).isCloseTo(3.0, within(1e-3));
    assertThat(ridge.predict("meh", "x")).isCloseTo(0.0, within(1e-3));
    assertThat(Pearson.score(ridge.predict(firsts, seconds), targets)).isGreaterThan(0.9999);
    assertThat(ridge.losses().get(ridge.losses().size() - 1)).isLessThan(ridge.losses().get(0));
  }

  private static List<String> names(int[] labels) {
    return Arrays.stream(labels).mapToObj(Integer::toString).toList();
  }
}
