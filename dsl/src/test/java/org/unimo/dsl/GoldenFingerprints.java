package org.unimo.dsl;

/** Recorded fingerprints of the presets. */
final class GoldenFingerprints {
  static final String TINY = "219fbd68ebf65a4d8c7a5e3fc884ce727d1debb75aa8fd3caacfe7ebce9d663f";

  private GoldenFingerprints() {}
}
