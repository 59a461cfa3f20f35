package org.unimo.dsl;

/**
 * A head that answers questions about an image, as multi-label classification over an answer
 * vocabulary: one joint pass of the image and the question, a two-layer classifier to {@code
 * answers} logits, and binary cross-entropy against each answer's soft score (the VQA accuracy
 * that answer would get), summed over answers and averaged over questions.
 *
 * @param name the head's name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param answers the size of the answer vocabulary, which must be the label set's
 * @param labels the data source's label set of questions, e.g. {@code vqa}
 * @param dropout dropout on the pooled representation and inside the classifier, in [0, 1)
 */
public record VisualQuestionAnsweringSpec(String name, float weight, int answers, String labels, float dropout)
    implements HeadSpec {
  /** Served as {@code answer_NAME}. */
  @Override
  public String verb() {
    return "answer";
  }

  @Override
  public String output() {
    return "scores";
  }

  @Override
  public String path() {
    return "heads[" + name + "]";
  }

  @Override
  public DataKind data() {
    return DataKind.PAIR;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    String path = path() + ".vqa";
    if (answers < 2) {
      checks.problem(path + ".answers", answers + " must be at least 2: the size of the task's answer vocabulary");
    }
    if (labels.isEmpty()) {
      checks.problem(path + ".labels", "is empty: name the data's label set of questions, e.g. \"vqa\"");
    }
    checks.fractionOrZero(path + ".dropout", dropout);
  }
}
