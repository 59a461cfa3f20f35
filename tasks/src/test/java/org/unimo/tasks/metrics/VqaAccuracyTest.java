package org.unimo.tasks.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * VQA accuracy against the official script. Expected values were computed by running {@code
 * PythonEvaluationTools/vqaEvaluation/vqaEval.py} of GT-Vision-Lab/VQA@a013f0043c1e2cdc995922dfe257f7149aa9af06
 * (its print statements made Python 3 calls, nothing else changed) on these questions, reading the
 * unrounded means that it passes to {@code setAccuracy}.
 */
class VqaAccuracyTest {
  private static final Offset<Double> TOLERANCE = within(1e-12);

  private static List<VqaAccuracy.Question> questions() {
    List<VqaAccuracy.Question> q = new ArrayList<>();
    q.add(question("1", "yes/no", "is the", "yes", Collections.nCopies(10, "yes")));
    q.add(question("2", "yes/no", "is the", "Yes", Collections.nCopies(10, "yes")));
    q.add(question("3", "number", "how many", "two", List.of("2", "two", "3", "3", "3", "3", "3", "4", "4", "4")));
    q.add(question("4", "other", "what is the", "T-Shirt", List.of("t-shirt", "shirt", "tshirt", "shirt", "tee", "T shirt", "tee", "shirt", "tshirt", "polo")));
    q.add(question("5", "other", "what color is the", "red", List.of("red", "red", "red", "blue", "blue", "blue", "blue", "green", "green", "white")));
    q.add(question("6", "number", "how many", "1000", List.of("1,000", "1 000", "thousand", "100", "lots", "10", "many", "1,000s", "many", "many")));
    q.add(question("7", "other", "what is", "x" + ".".repeat(33), List.of("x", "x", "x", "x", "y", "y", "y", "y", "y", "y")));
    q.add(question("8", "other", "what is", "don't", List.of("dont", "don't", "do not", "maybe", "no", "yes", "unsure", "no", "no", "no")));
    q.add(question("9", "other", "what is the", " The dog.\n", List.of("the dog", "cat", "puppy", "dogs", "animal", "Dog", "pet", "puppy", "cat", "cat")));
    q.add(question("10", "number", "how many", "3.5", List.of("3.5", "3.5", "3", "3.50", "three", "3.5", "4", "3", "3", "3")));
    q.add(question(
        "11", "other", "which", "left hand side",
        List.of("left-hand side", "left", "left side", "left", "left hand side", "right", "left - hand", "left", "left-hand", "left")));
    q.add(question("12", "number", "how many", "None", List.of("none", "no", "1", "one", "no", "2", "zero", "1", "one", "0")));
    // Records without answer_id: equal records leave "the other nine" together.
    List<VqaAccuracy.HumanAnswer> same = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      same.add(new VqaAccuracy.HumanAnswer(i < 4 ? "red" : "blue", confidence()));
    }
    q.add(new VqaAccuracy.Question("13", same, "other", "what color is the", "red"));
    return q;
  }

  @Test
  void perQuestionAccuracyIsTheMeanOverLeaveOneOutSubsets() {
    double[] official = {1.0, 0.0, 0.6, 0.6, 0.9, 0.3, 0.0, 0.6, 0.6, 0.9, 0.6, 0.8999999999999998, 0.6};
    List<VqaAccuracy.Question> questions = questions();
    for (int i = 0; i < questions.size(); i++) {
      VqaAccuracy.Question q = questions.get(i);
      assertThat(VqaAccuracy.accuracy(q.answers(), q.prediction())).as("question " + q.questionId()).isCloseTo(official[i], TOLERANCE);
    }
  }

  @Test
  void overallAndPerTypeMeans() {
    VqaAccuracy.Result result = VqaAccuracy.score(questions());
    assertThat(result.overall()).isCloseTo(0.5846153846153845, TOLERANCE);
    assertThat(result.questions()).isEqualTo(13);
    assertThat(result.perAnswerType()).containsOnlyKeys("yes/no", "number", "other");
    assertThat(result.perAnswerType().get("yes/no")).isCloseTo(0.5, TOLERANCE);
    assertThat(result.perAnswerType().get("number")).isCloseTo(0.6749999999999999, TOLERANCE);
    assertThat(result.perAnswerType().get("other")).isCloseTo(0.5571428571428572, TOLERANCE);
    assertThat(result.perQuestionType().get("what color is the")).isCloseTo(0.75, TOLERANCE);
    assertThat(result.perQuestionType().get("what is")).isCloseTo(0.3, TOLERANCE);
    assertThat(result.perQuestionType().get("how many")).isCloseTo(0.6749999999999999, TOLERANCE);
  }

  @Test
  void normalizationStepsAsTheScriptAppliesThem() {
    // Hand-checked against the script's rules: a hyphen between letters becomes a space, a comma
    // between digits deletes every mark, a period before a digit stays.
    assertThat(VqaAnswers.normalize("T-Shirt")).isEqualTo("t shirt");
    assertThat(VqaAnswers.normalize("1,000 (approx)")).isEqualTo("1000 approx");
    assertThat(VqaAnswers.normalize("3.5 feet.")).isEqualTo("3.5 feet");
    assertThat(VqaAnswers.normalize("The two dogs")).isEqualTo("2 dogs");
    assertThat(VqaAnswers.normalize("dont know")).isEqualTo("don't know");
    assertThat(VqaAnswers.normalize("Im")).isEqualTo("im");
  }

  private static VqaAccuracy.Question question(String id, String answerType, String questionType, String prediction, List<String> answers) {
    List<VqaAccuracy.HumanAnswer> human = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonObject identity = confidence();
      identity.addProperty("answer_id", i + 1);
      human.add(new VqaAccuracy.HumanAnswer(answers.get(i), identity));
    }
    return new VqaAccuracy.Question(id, human, answerType, questionType, prediction);
  }

  private static JsonObject confidence() {
    JsonObject identity = new JsonObject();
    identity.addProperty("answer_confidence", "yes");
    return identity;
  }
}
