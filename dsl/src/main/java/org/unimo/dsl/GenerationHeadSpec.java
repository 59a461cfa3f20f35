package org.unimo.dsl;

/**
 * A head that generates text with the shared LM head under UniLM's seq2seq mask ({@link
 * CaptioningSpec}, {@link TextToTextSpec}), served as {@code decode_NAME}.
 */
public sealed interface GenerationHeadSpec extends HeadSpec permits CaptioningSpec, TextToTextSpec {
  /** How validation, eval and predict decode unless told otherwise. */
  DecodingSpec decoding();

  /** Served as {@code decode_NAME}: one decoding step. */
  @Override
  default String verb() {
    return "decode";
  }

  /** The next token's log-probabilities. */
  @Override
  default String output() {
    return "log_probs";
  }
}
