package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One turn of a CoQA conversation: a question about a story, asked after the turns before it.
 * For conversational question answering the source is the story, the history and the question,
 * the target the answer:
 *
 * <pre>{@code
 * for (CoqaTurn t : Coqa.read(Path.of("coqa-train-v1.0.json"), BadRows.fail())) {
 *   // t.story(), t.history() (Q1 A1 ... Qn-1 An-1), t.question() -> t.answer()
 * }
 * }</pre>
 *
 * @param storyId the story's {@code id}, unique in its file
 * @param story the passage, as written (one instance shared by the story's turns)
 * @param turn the {@code turn_id}: 1 for the first question of the story, then 2, 3, ...
 * @param question the question's {@code input_text}, stripped, never blank
 * @param answer the answer's {@code input_text} (free-form; {@code unknown} for a question the
 *     story does not answer), stripped, never blank
 * @param additionalAnswers the other annotators' {@code input_text} for this turn (CoQA's dev set
 *     has three, its train set none), stripped, blank ones left out, in the order of {@code
 *     additional_answers}
 * @param history the previous turns of the same story in order: {@code turn - 1} pairs
 * @param where {@code file:line: data[i].questions[j]}, the line being where the story starts,
 *     for messages about this turn
 */
public record CoqaTurn(
    String storyId, String story, int turn, String question, String answer, List<String> additionalAnswers, List<QA> history, String where) {
  public CoqaTurn {
    requireNonNull(storyId, "storyId");
    requireNonNull(story, "story");
    requireNonNull(question, "question");
    requireNonNull(answer, "answer");
    requireNonNull(where, "where");
    additionalAnswers = List.copyOf(additionalAnswers);
    history = List.copyOf(history);
    if (turn != history.size() + 1) {
      throw new IllegalArgumentException(where + ": turn " + turn + " needs " + (turn - 1) + " earlier turns, has " + history.size());
    }
  }

  /**
   * A question and its answer, as one earlier turn of the conversation.
   *
   * @param question stripped, never blank
   * @param answer stripped, never blank
   */
  public record QA(String question, String answer) {
    public QA {
      requireNonNull(question, "question");
      requireNonNull(answer, "answer");
    }
  }
}
