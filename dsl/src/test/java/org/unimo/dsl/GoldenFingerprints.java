package org.unimo.dsl;

/**
 * Recorded fingerprints of the presets.
 *
 * <p>History: format version 1 recorded 3a06d701... for tiny. Format version 2 moved it once, on
 * purpose: compile.xla became compile.xla_mode (AUTO), pooling moved from CMCL to the encoder, and
 * the checkpoint cadence left the spec (see model_spec.proto); it recorded df7ad2be... for tiny.
 * Format version 3 moved it once more, on purpose: pair_mlm has its own masking, and tiny's pair_mlm
 * now says max_predictions: 5 itself (before, it followed masked_lm's 5). The same model: a version 2
 * tiny config migrates to exactly this spec. Configs without pair_mlm, or whose masked_lm masking is
 * at its defaults (unimo-base, unimo-large), keep their fingerprints.
 */
final class GoldenFingerprints {
  static final String TINY = "fe650eeabf51c78bd649a8e6193a8b693961c122da242f003bd034fed3649c13";

  /** Unchanged by format version 3 (masked LM at its default masking). */
  static final String UNIMO_BASE = "38413ac5f08fb51bf272615ef04c9c6e2e8f6d4c4c0690933c145c063405aaef";

  static final String UNIMO_LARGE = "72427c8d85f39667e862d6988b1b0d46c80bc1a9d23001cff83a0cf37c48f697";

  private GoldenFingerprints() {}
}
