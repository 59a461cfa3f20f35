package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One question of a SQuAD 1.1 file with its paragraph and answers. For question generation the
 * source is the paragraph and an answer, the target the question:
 *
 * <pre>{@code
 * for (SquadQuestion q : SquadV1.read(Path.of("train-v1.1.json"), BadRows.fail())) {
 *   String source = q.answer() + " [SEP] " + q.context(); // target: q.question()
 * }
 * }</pre>
 *
 * @param id SQuAD's {@code id}, unique in its file
 * @param title the article's {@code title}, as written ({@code University_of_Notre_Dame})
 * @param context the paragraph, as written (not stripped: the answers' offsets point into it)
 * @param question the question, stripped, never blank
 * @param answers the answers in file order (SQuAD 1.1's train set has one, its dev set three,
 *     often the same); never empty
 * @param where {@code file:line: data[i].paragraphs[j].qas[k]}, the line being where the
 *     paragraph starts, for messages about this question
 */
public record SquadQuestion(String id, String title, String context, String question, List<Answer> answers, String where) {
  public SquadQuestion {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(context, "context");
    requireNonNull(question, "question");
    requireNonNull(where, "where");
    answers = List.copyOf(answers);
    if (answers.isEmpty()) {
      throw new IllegalArgumentException(where + ": a question needs an answer");
    }
  }

  /** The first answer's text: the answer a question generator is given. */
  public String answer() {
    return answers.get(0).text();
  }

  /**
   * An answer: a span of the context.
   *
   * @param text the span, as written, never blank
   * @param start where it starts in {@link SquadQuestion#context()} as a Java string index, so that
   *     {@code context.substring(start, start + text.length())} is {@code text} (SQuAD's {@code
   *     answer_start} counts code points; the two differ after a character outside the BMP)
   */
  public record Answer(String text, int start) {
    public Answer {
      requireNonNull(text, "text");
      if (start < 0) {
        throw new IllegalArgumentException("an answer's start is " + start + ", not 0 or more");
      }
    }
  }
}
