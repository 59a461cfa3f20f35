package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures a visual question answering head. */
@SpecDsl
public final class VisualQuestionAnsweringBuilder {
  private final Head.Builder proto;

  VisualQuestionAnsweringBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getVqaBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public VisualQuestionAnsweringBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** The size of the answer vocabulary, which must be the label set's. */
  public VisualQuestionAnsweringBuilder answers(int answers) {
    proto.getVqaBuilder().setAnswers(answers);
    return this;
  }

  /** The data source's label set of questions the head trains on, e.g. {@code "vqa"}. */
  public VisualQuestionAnsweringBuilder labels(String labels) {
    proto.getVqaBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** Dropout on the pooled representation and inside the classifier (default 0.1). */
  public VisualQuestionAnsweringBuilder dropout(float dropout) {
    proto.getVqaBuilder().setDropout(dropout);
    return this;
  }
}
