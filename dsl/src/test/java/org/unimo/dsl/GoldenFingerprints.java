package org.unimo.dsl;

/** Recorded fingerprints of the presets. */
final class GoldenFingerprints {
  static final String TINY = "04e3df3286b33f2ab5fc03802d21966e74e9994fa36af3e03565ec0f0434c3f3";

  private GoldenFingerprints() {}
}
