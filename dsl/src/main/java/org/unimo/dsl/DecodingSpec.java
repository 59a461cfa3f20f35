package org.unimo.dsl;

/**
 * How a generation head decodes: greedily when {@code beamSize} is 1, else by beam search
 * (docs/generation.md). Deterministic: among equal scores the lower token id, then the earlier
 * hypothesis, wins.
 *
 * @param beamSize hypotheses kept per input, at least 1
 * @param lengthPenalty GNMT's alpha: a finished hypothesis of n tokens (its end token counted) is
 *     ranked by its log-probability over {@code ((5 + n) / 6)^alpha}; 0 ranks by log-probability
 * @param minLength the end token is forbidden until the text has this many tokens
 * @param maxLength at most this many tokens, the end token not counted; 0: as many as the text
 *     length leaves
 * @param noRepeatNgramSize a token that would repeat an n-gram of this size already in the text is
 *     forbidden; 0: off
 */
public record DecodingSpec(int beamSize, float lengthPenalty, int minLength, int maxLength, int noRepeatNgramSize) {
  /** Greedy decoding without constraints: the proto's defaults. */
  public static final DecodingSpec GREEDY = new DecodingSpec(1, 0f, 0, 0, 0);

  /** The same settings with {@code beamSize}. */
  public DecodingSpec withBeamSize(int beamSize) {
    return new DecodingSpec(beamSize, lengthPenalty, minLength, maxLength, noRepeatNgramSize);
  }

  /** The same settings with {@code lengthPenalty}. */
  public DecodingSpec withLengthPenalty(float lengthPenalty) {
    return new DecodingSpec(beamSize, lengthPenalty, minLength, maxLength, noRepeatNgramSize);
  }

  /** The same settings with {@code minLength}. */
  public DecodingSpec withMinLength(int minLength) {
    return new DecodingSpec(beamSize, lengthPenalty, minLength, maxLength, noRepeatNgramSize);
  }

  /** The same settings with {@code maxLength}. */
  public DecodingSpec withMaxLength(int maxLength) {
    return new DecodingSpec(beamSize, lengthPenalty, minLength, maxLength, noRepeatNgramSize);
  }

  /** The same settings with {@code noRepeatNgramSize}. */
  public DecodingSpec withNoRepeatNgramSize(int noRepeatNgramSize) {
    return new DecodingSpec(beamSize, lengthPenalty, minLength, maxLength, noRepeatNgramSize);
  }

  /** Reports settings out of range under {@code path} ({@code heads[caption].captioning.decoding}). */
  public void check(SpecChecks checks, String path, int textLength) {
    if (beamSize < 1) {
      checks.problem(path + ".beam_size", beamSize + " must be at least 1 (1 decodes greedily)");
    }
    checks.nonNegative(path + ".length_penalty", lengthPenalty);
    if (minLength < 0) {
      checks.problem(path + ".min_length", minLength + " must not be negative");
    }
    if (maxLength < 0) {
      checks.problem(path + ".max_length", maxLength + " must not be negative (0: as long as text.max_length allows)");
    } else if (maxLength > 0 && minLength > maxLength) {
      checks.problem(path + ".min_length", minLength + " exceeds max_length " + maxLength);
    } else if (maxLength > textLength - 2) {
      checks.problem(path + ".max_length", maxLength + " does not fit text.max_length " + textLength + " with [CLS] and [SEP]");
    }
    if (noRepeatNgramSize < 0) {
      checks.problem(path + ".no_repeat_ngram_size", noRepeatNgramSize + " must not be negative (0: off)");
    }
  }

  static DecodingSpec of(org.unimo.dsl.proto.Decoding d) {
    return new DecodingSpec(d.getBeamSize(), d.getLengthPenalty(), d.getMinLength(), d.getMaxLength(), d.getNoRepeatNgramSize());
  }
}
