package org.unimo.dsl;

/** Recorded fingerprints of the presets. */
final class GoldenFingerprints {
  static final String TINY = "3a06d70174a42e923356188a5c54dee0db479b2a907c4592f61b86a9e08cb53d";

  private GoldenFingerprints() {}
}
