package org.unimo.tasks.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unimo.tasks.metrics.Accuracy;
import org.unimo.tasks.metrics.MatthewsCorrelation;
import org.unimo.tasks.metrics.VqaAccuracy;

class MajorityTest {
  @Test
  void theMostFrequentLabelTiesGoingToTheLowest() {
    Majority majority = Majority.train(new int[] {2, 1, 2, 1, 0});
    assertThat(majority).isEqualTo(new Majority(1, 2, 5));
    assertThat(majority.share()).isEqualTo(0.4);
    assertThat(Majority.train(new int[] {3, 0, 3})).isEqualTo(new Majority(3, 2, 3));

    List<String> test = List.of("1", "0", "1", "2");
    List<String> predicted = Collections.nCopies(test.size(), Integer.toString(majority.label()));
    assertThat(Accuracy.score(predicted, test)).isEqualTo(0.5);
    assertThat(MatthewsCorrelation.score(predicted, test)).isZero();
  }

  @Test
  void noLabelsOrANegativeOneAreRefused() {
    assertThatThrownBy(() -> Majority.train(new int[0])).hasMessage("no training labels");
    assertThatThrownBy(() -> Majority.train(new int[] {0, -1})).hasMessage("labels[1]: -1 is negative");
  }

  @Test
  void vqaAnswersByQuestionTypeWithTheOverallAnswerForAnUnseenType() {
    MajorityPerType prior =
        MajorityPerType.train(
            Arrays.asList("what color is the", "what color is the", "what color is the", "is the", "is the", "is the", "is the", null),
            List.of("white", "red", "red", "yes", "no", "yes", "yes", "2"));
    assertThat(prior.perType()).containsExactly(Map.entry("is the", "yes"), Map.entry("what color is the", "red"));
    assertThat(prior.overall()).isEqualTo("yes");
    assertThat(prior.predict(List.of("what color is the", "is the", "how many"))).containsExactly("red", "yes", "yes");
    assertThat(prior.predict((String) null)).isEqualTo("yes");

    // Scored as the official evaluation does: "red" matches 3 of the 10 answers, 0.9 after the
    // leave-one-out mean, and the unseen "how many" question gets "yes", which nobody said.
    List<VqaAccuracy.Question> questions = new ArrayList<>();
    questions.add(question("1", "red red red blue blue blue blue blue blue blue", "what color is the", prior));
    questions.add(question("2", "yes yes yes yes yes yes yes yes yes yes", "is the", prior));
    questions.add(question("3", "2 2 2 2 2 3 3 3 3 3", "how many", prior));
    VqaAccuracy.Result result = VqaAccuracy.score(questions);
    assertThat(result.overall()).isCloseTo((0.9 + 1.0 + 0.0) / 3, within(1e-12));
  }

  @Test
  void tiedAnswersGoToTheFirstInStringOrder() {
    MajorityPerType prior = MajorityPerType.train(List.of("t", "t", "u"), List.of("white", "red", "white"));
    assertThat(prior.predict("t")).isEqualTo("red");
    assertThat(prior.overall()).isEqualTo("white");
    MajorityPerType reversed = MajorityPerType.train(List.of("u", "t", "t"), List.of("white", "red", "white"));
    assertThat(reversed).isEqualTo(prior);
  }

  private static VqaAccuracy.Question question(String id, String answers, String type, MajorityPerType prior) {
    List<VqaAccuracy.HumanAnswer> human = new ArrayList<>();
    String[] words = answers.split(" ");
    for (int i = 0; i < words.length; i++) {
      // Distinct answer_ids, as in VQA's annotations: identical records would leave out together.
      JsonObject identity = new JsonObject();
      identity.addProperty("answer_id", i + 1);
      human.add(new VqaAccuracy.HumanAnswer(words[i], identity));
    }
    return new VqaAccuracy.Question(id, human, null, type, prior.predict(type));
  }
}
