package org.unimo.dsl;

/**
 * Masked language modeling (BERT) on free text: replace {@code masking.rate} of the subwords,
 * predict them. Metrics and losses are named {@code mlm}.
 *
 * @param weight weight of the loss in the total
 * @param masking how subwords are chosen and replaced
 */
public record MaskedLmSpec(float weight, TokenMasking masking) implements ObjectiveSpec {
  static final String PATH = "objectives.masked_lm";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "mlm";
  }

  @Override
  public DataKind data() {
    return DataKind.TEXT;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    masking.check(checks, PATH, context);
  }
}
