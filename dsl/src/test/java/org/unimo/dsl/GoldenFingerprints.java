package org.unimo.dsl;

/**
 * Recorded fingerprints of the presets.
 *
 * <p>History: format version 1 recorded 3a06d701... for tiny. Format version 2 moved it once, on
 * purpose: compile.xla became compile.xla_mode (AUTO), pooling moved from CMCL to the encoder, and
 * the checkpoint cadence left the spec (see model_spec.proto).
 */
final class GoldenFingerprints {
  static final String TINY = "df7ad2be91406a67f5a19774ecbeb5d9dd472b4e0840b5cab7bd99479dbcc0f7";

  private GoldenFingerprints() {}
}
