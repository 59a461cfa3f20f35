package org.unimo.dsl;

/**
 * A head that classifies the pooled text representation ({@code encoder.pooling}) into {@code
 * classes} labels, trained on the data source's label set {@code labels}.
 *
 * @param name the head's name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param classes number of labels (at least 2)
 * @param labels the data source's label set, e.g. {@code shape_count}
 * @param dropout dropout on the pooled representation before the classifier, in [0, 1)
 */
public record SequenceClassificationSpec(
    String name, float weight, int classes, String labels, float dropout) implements HeadSpec {

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
    return DataKind.TEXT;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    String path = path() + ".sequence_classification";
    if (classes < 2) {
      checks.problem(path + ".classes", classes + " must be at least 2");
    }
    if (labels.isEmpty()) {
      checks.problem(
          path + ".labels", "is empty: name the data's label set the head trains on, e.g. \"shape_count\"");
    }
    checks.fractionOrZero(path + ".dropout", dropout);
  }
}
