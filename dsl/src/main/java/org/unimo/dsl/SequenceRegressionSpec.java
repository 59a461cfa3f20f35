package org.unimo.dsl;

/**
 * A head that regresses one score from the pooled text representation ({@code encoder.pooling}),
 * trained with the squared error against the data source's scored label set {@code labels} (STS-B).
 *
 * @param name the head's name, also the name of its loss
 * @param weight weight of the loss in the total
 * @param labels the data source's scored label set, e.g. {@code stsb}
 * @param dropout dropout on the pooled representation before the regressor, in [0, 1)
 */
public record SequenceRegressionSpec(String name, float weight, String labels, float dropout) implements HeadSpec {
  /** Served as {@code regress_NAME}. */
  @Override
  public String verb() {
    return "regress";
  }

  @Override
  public String output() {
    return "value";
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
    String path = path() + ".sequence_regression";
    if (labels.isEmpty()) {
      checks.problem(path + ".labels", "is empty: name the data's scored label set the head trains on, e.g. \"stsb\"");
    }
    checks.fractionOrZero(path + ".dropout", dropout);
  }
}
