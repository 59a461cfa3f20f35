package org.unimo.dsl;

/**
 * A head that classifies an image-text pair (visual entailment: an image and a hypothesis) from
 * one joint pass {@code [IMG] regions [CLS] text [SEP]}: the text's pooled output through a
 * two-layer classifier, trained with softmax cross-entropy on the data source's label set {@code
 * labels}.
 *
 * @param name the head's name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param classes number of classes (at least 2; SNLI-VE has 3)
 * @param labels the data source's label set of image-text pairs, e.g. {@code snli_ve}
 * @param dropout dropout on the pooled representation and inside the classifier, in [0, 1)
 */
public record ImageTextClassificationSpec(String name, float weight, int classes, String labels, float dropout)
    implements HeadSpec {
  /** Served as {@code classify_NAME}. */
  @Override
  public String verb() {
    return "classify";
  }

  @Override
  public String output() {
    return "probabilities";
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
    String path = path() + ".image_text_classification";
    if (classes < 2) {
      checks.problem(path + ".classes", classes + " must be at least 2");
    }
    if (labels.isEmpty()) {
      checks.problem(path + ".labels", "is empty: name the data's label set of image-text pairs, e.g. \"snli_ve\"");
    }
    checks.fractionOrZero(path + ".dropout", dropout);
  }
}
