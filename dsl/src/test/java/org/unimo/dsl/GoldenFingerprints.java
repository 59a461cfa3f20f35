package org.unimo.dsl;

/** Recorded fingerprints of the presets. */
final class GoldenFingerprints {
  static final String TINY = "80e2368768344abd35ee094db4757d66087c5756dedcae40780341bf66c3f9e1";

  private GoldenFingerprints() {}
}
