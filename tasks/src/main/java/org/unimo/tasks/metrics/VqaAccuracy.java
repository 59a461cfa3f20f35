package org.unimo.tasks.metrics;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * VQA accuracy as the official evaluation ({@code vqaEval.py}) computes it. For each of the ten
 * human answers, the prediction is compared with the other nine and scores {@code min(matches / 3,
 * 1)}; the question's accuracy is the mean of those ten, so a prediction three annotators gave
 * scores 0.9, not 1 (the naive {@code min(matches / 3, 1)} over all ten would say 1). The overall
 * score is the mean over questions; the breakdowns are the means per answer type and per question
 * type.
 *
 * <p>Answers are compared after newlines and tabs become spaces and the ends are stripped, and
 * after {@link VqaAnswers#normalize} only when the annotators disagree (their answers are not all
 * the same string), as the script does: when all ten agree, a prediction must match them as
 * typed.
 */
public final class VqaAccuracy {
  private VqaAccuracy() {}

  /**
   * One human answer.
   *
   * @param answer the text
   * @param identity the record's other fields ({@code answer_id}, {@code answer_confidence}): the
   *     script leaves out of "the other nine" every record equal to the current one, so identical
   *     records leave together
   */
  public record HumanAnswer(String answer, JsonObject identity) {
    public HumanAnswer {
      requireNonNull(answer, "answer");
      requireNonNull(identity, "identity");
    }

    public static HumanAnswer of(String answer) {
      return new HumanAnswer(answer, new JsonObject());
    }
  }

  /** A question with its human answers, its types (null when not given) and the prediction. */
  public record Question(String questionId, List<HumanAnswer> answers, @Nullable String answerType, @Nullable String questionType, String prediction) {
    public Question {
      answers = List.copyOf(answers);
      if (answers.isEmpty()) {
        throw new IllegalArgumentException("question " + questionId + " has no answers");
      }
    }
  }

  /**
   * @param overall mean accuracy over the questions, in [0, 1]
   * @param perAnswerType mean per answer type ({@code yes/no}, {@code number}, {@code other}), in
   *     order of first appearance; empty when no question has a type
   * @param perQuestionType likewise per question type ({@code what color is the}, ...)
   */
  public record Result(double overall, int questions, Map<String, Double> perAnswerType, Map<String, Double> perQuestionType) {}

  public static Result score(List<Question> questions) {
    if (questions.isEmpty()) {
      throw new IllegalArgumentException("no questions to score");
    }
    double sum = 0;
    Map<String, double[]> byAnswerType = new LinkedHashMap<>();
    Map<String, double[]> byQuestionType = new LinkedHashMap<>();
    for (Question q : questions) {
      double accuracy = accuracy(q.answers(), q.prediction());
      sum += accuracy;
      add(byAnswerType, q.answerType(), accuracy);
      add(byQuestionType, q.questionType(), accuracy);
    }
    return new Result(sum / questions.size(), questions.size(), means(byAnswerType), means(byQuestionType));
  }

  /** One question's accuracy: the mean over the leave-one-out subsets of min(matches / 3, 1). */
  public static double accuracy(List<HumanAnswer> answers, String prediction) {
    List<HumanAnswer> human = new ArrayList<>();
    Set<String> distinct = new HashSet<>();
    for (HumanAnswer a : answers) {
      HumanAnswer cleaned = new HumanAnswer(clean(a.answer()), a.identity());
      human.add(cleaned);
      distinct.add(cleaned.answer());
    }
    String predicted = clean(prediction);
    if (distinct.size() > 1) {
      human.replaceAll(a -> new HumanAnswer(VqaAnswers.normalize(a.answer()), a.identity()));
      predicted = VqaAnswers.normalize(predicted);
    }
    double sum = 0;
    for (HumanAnswer left : human) {
      int matches = 0;
      for (HumanAnswer other : human) {
        if (!other.equals(left) && other.answer().equals(predicted)) {
          matches++;
        }
      }
      sum += Math.min(1.0, matches / 3.0);
    }
    return sum / human.size();
  }

  private static String clean(String answer) {
    return PyText.strip(answer.replace('\n', ' ').replace('\t', ' '));
  }

  private static void add(Map<String, double[]> sums, @Nullable String key, double accuracy) {
    if (key != null) {
      double[] s = sums.computeIfAbsent(key, k -> new double[2]);
      s[0] += accuracy;
      s[1]++;
    }
  }

  private static Map<String, Double> means(Map<String, double[]> sums) {
    Map<String, Double> means = new LinkedHashMap<>();
    sums.forEach((key, s) -> means.put(key, s[0] / s[1]));
    return means;
  }
}
