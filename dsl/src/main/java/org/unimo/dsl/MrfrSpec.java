package org.unimo.dsl;

/**
 * Masked region feature regression on images without text: mask {@code rate} of an image's regions
 * (their features zeroed), regress the original features from the masked regions' outputs.
 *
 * @param weight weight of the loss in the total
 * @param rate share of an image's regions masked (at least one)
 */
public record MrfrSpec(float weight, float rate) implements ObjectiveSpec, RegionMasking {
  static final String PATH = "objectives.mrfr";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "mrfr";
  }

  @Override
  public DataKind data() {
    return DataKind.IMAGE;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    checks.fraction(PATH + ".rate", rate);
  }
}
