package org.unimo.dsl;

/**
 * Masked region classification on images without text: predict the detector's class of each
 * masked region.
 *
 * @param weight weight of the loss in the total
 * @param rate share of an image's regions masked (at least one)
 * @param target what the prediction is compared with
 * @param classes number of detector classes (1601 for UNIMO's Visual Genome detector)
 */
public record MrcSpec(float weight, float rate, Target target, int classes)
    implements ObjectiveSpec, RegionMasking {
  static final String PATH = "objectives.mrc";

  /** What a masked region's predicted class distribution is trained against. */
  public enum Target {
    /** KL divergence to the detector's class distribution (UNIMO's soft labels; the default). */
    SOFT,
    /** Cross-entropy against the detector's most probable class. */
    HARD
  }

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "mrc";
  }

  @Override
  public DataKind data() {
    return DataKind.IMAGE;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    checks.fraction(PATH + ".rate", rate);
    if (classes < 2) {
      checks.problem(PATH + ".classes", classes + " must be at least 2");
    }
  }
}
