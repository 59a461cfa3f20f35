package org.unimo.dsl;

/**
 * Masked LM on the caption of an image-text pair, the caption attending to the image. Its masking
 * is its own (since format version 3), not masked LM's.
 *
 * @param weight weight of the loss in the total
 * @param masking how caption subwords are chosen and replaced
 */
public record PairMlmSpec(float weight, TokenMasking masking) implements ObjectiveSpec {
  static final String PATH = "objectives.pair_mlm";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "pair_mlm";
  }

  @Override
  public DataKind data() {
    return DataKind.PAIR;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    masking.check(checks, PATH, context);
  }
}
