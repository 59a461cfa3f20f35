package org.unimo.dsl;

/**
 * Relative frequencies of the three kinds of data, as UNIMO mixes them.
 *
 * @param text free text (masked_lm, seq2seq)
 * @param image images without text (mrfr, mrc)
 * @param pair image-text pairs (cmcl, pair_mlm, caption_generation)
 */
public record DataMixSpec(float text, float image, float pair) {
  /** The ratio of {@code kind}. */
  public float ratio(DataKind kind) {
    return switch (kind) {
      case TEXT -> text;
      case IMAGE -> image;
      case PAIR -> pair;
    };
  }
}
