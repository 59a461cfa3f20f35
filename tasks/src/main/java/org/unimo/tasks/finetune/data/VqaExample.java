package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One VQA v2 question joined with its annotation, or alone for a test set.
 *
 * @param questionId VQA's {@code question_id}
 * @param imageId the COCO image id ({@code image_id}), as a string, as region features are keyed
 * @param question the question, stripped, never blank
 * @param answers the annotators' answers (VQA v2 has 10), normalized by {@link VqaV2#normalize}
 *     (lowercase, stripped; blank ones dropped), in file order; empty for a test set
 * @param multipleChoiceAnswer the most frequent answer ({@code multiple_choice_answer}),
 *     normalized; null for a test set
 * @param answerType {@code yes/no}, {@code number} or {@code other}; null for a test set or when
 *     the annotation has none
 * @param questionType the question's first words ({@code what color is the}); null as above
 * @param where {@code file:line: questions[i]}, for messages about this example
 */
public record VqaExample(
    long questionId,
    String imageId,
    String question,
    List<String> answers,
    @Nullable String multipleChoiceAnswer,
    @Nullable String answerType,
    @Nullable String questionType,
    String where) {
  public VqaExample {
    requireNonNull(imageId, "imageId");
    requireNonNull(question, "question");
    requireNonNull(where, "where");
    answers = List.copyOf(answers);
    if (answers.isEmpty() != (multipleChoiceAnswer == null)) {
      throw new IllegalArgumentException(where + ": answers and a multiple-choice answer come together, from an annotation");
    }
  }

  /** Whether the question has its annotation (not a test set). */
  public boolean annotated() {
    return multipleChoiceAnswer != null;
  }
}
