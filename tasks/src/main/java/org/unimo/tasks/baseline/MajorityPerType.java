package org.unimo.tasks.baseline;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * VQA's prior baseline: for a question, the answer most frequent in training among questions of
 * its type (VQA annotations' {@code question_type}, the question's first words such as {@code
 * "what color is the"}), or the answer most frequent overall when training saw no question of its
 * type. Training answers are usually the annotations' {@code multiple_choice_answer}. Answers are
 * compared as given: normalize them first ({@code VqaV2} already does). Of equally frequent answers
 * the first in {@link String} order wins, so the result does not depend on the order of the
 * training questions.
 *
 * <pre>{@code
 * MajorityPerType prior = MajorityPerType.train(
 *     List.of("what color is the", "what color is the", "is the", "is the", "is the"),
 *     List.of("white", "red", "yes", "no", "yes"));
 * prior.predict("what color is the");   // "red": tied with "white", first in String order
 * prior.predict("how many");            // "yes": unseen type, the overall majority
 * }</pre>
 *
 * @param perType each question type seen in training, with its majority answer, in {@link String}
 *     order of the types
 * @param overall the majority answer over all training questions, typed or not
 */
public record MajorityPerType(Map<String, String> perType, String overall) {
  public MajorityPerType {
    perType = Collections.unmodifiableMap(new TreeMap<>(perType));
    requireNonNull(overall, "overall");
  }

  /**
   * Counts {@code answers} per question type.
   *
   * @param questionTypes each training question's type; null for a question without one (it
   *     counts only towards the overall majority)
   * @param answers each training question's answer
   * @throws IllegalArgumentException for lists of different lengths or no questions
   */
  public static MajorityPerType train(List<? extends @Nullable String> questionTypes, List<String> answers) {
    if (questionTypes.size() != answers.size()) {
      throw new IllegalArgumentException(questionTypes.size() + " question types for " + answers.size() + " answers");
    }
    if (answers.isEmpty()) {
      throw new IllegalArgumentException("no training questions");
    }
    Map<String, Map<String, Integer>> byType = new HashMap<>();
    Map<String, Integer> all = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      String answer = requireNonNull(answers.get(i), "answers[" + i + "]");
      all.merge(answer, 1, Integer::sum);
      String type = questionTypes.get(i);
      if (type != null) {
        byType.computeIfAbsent(type, t -> new HashMap<>()).merge(answer, 1, Integer::sum);
      }
    }
    Map<String, String> perType = new TreeMap<>();
    byType.forEach((type, counts) -> perType.put(type, majority(counts)));
    return new MajorityPerType(perType, majority(all));
  }

  /** The majority answer of the question's type, or {@link #overall()} for an unseen or null type. */
  public String predict(@Nullable String questionType) {
    if (questionType == null) {
      return overall;
    }
    return perType.getOrDefault(questionType, overall);
  }

  /** {@link #predict(String)} for each question type. */
  public List<String> predict(List<? extends @Nullable String> questionTypes) {
    List<String> predictions = new ArrayList<>(questionTypes.size());
    for (String type : questionTypes) {
      predictions.add(predict(type));
    }
    return predictions;
  }

  /** The most frequent answer; of tied ones, the first in String order. */
  private static String majority(Map<String, Integer> counts) {
    @Nullable String best = null;
    int bestCount = 0;
    for (Map.Entry<String, Integer> entry : new TreeMap<>(counts).entrySet()) {
      if (entry.getValue() > bestCount) {
        best = entry.getKey();
        bestCount = entry.getValue();
      }
    }
    return requireNonNull(best);
  }
}
