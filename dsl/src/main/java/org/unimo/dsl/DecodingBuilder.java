package org.unimo.dsl;

import org.unimo.dsl.proto.Decoding;

/** Configures how a generation head decodes (docs/generation.md). */
@SpecDsl
public final class DecodingBuilder {
  private final Decoding.Builder proto;

  DecodingBuilder(Decoding.Builder proto) {
    this.proto = proto;
  }

  /** Hypotheses kept per input (default 1: greedy). */
  public DecodingBuilder beamSize(int beamSize) {
    proto.setBeamSize(beamSize);
    return this;
  }

  /** GNMT's length penalty alpha (default 0: rank by log-probability alone). */
  public DecodingBuilder lengthPenalty(float alpha) {
    proto.setLengthPenalty(alpha);
    return this;
  }

  /** The end token is forbidden until the text has this many tokens (default 0). */
  public DecodingBuilder minLength(int tokens) {
    proto.setMinLength(tokens);
    return this;
  }

  /** At most this many tokens, the end token not counted (default 0: as many as the text length leaves). */
  public DecodingBuilder maxLength(int tokens) {
    proto.setMaxLength(tokens);
    return this;
  }

  /** Forbids repeating an n-gram of this size (default 0: off). */
  public DecodingBuilder noRepeatNgramSize(int n) {
    proto.setNoRepeatNgramSize(n);
    return this;
  }
}
