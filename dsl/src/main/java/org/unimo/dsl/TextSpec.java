package org.unimo.dsl;

/**
 * The text input, {@code [CLS] w1 ... wn [SEP]}.
 *
 * @param tokenizer the subword tokenizer
 * @param vocabSize vocabulary size including special tokens (50263 for GPT2_R50K)
 * @param maxLength maximum sequence length including [CLS] and [SEP]
 * @param lowerCase WORDPIECE only: whether text is lower-cased and stripped of accents before
 *     matching, as for the uncased BERT models ({@code text.tokenizer.lower_case}); the other
 *     kinds ignore it, and a valid spec leaves it at its default, true, for them
 */
public record TextSpec(TokenizerKind tokenizer, int vocabSize, int maxLength, boolean lowerCase) {
  /** A text input with {@code lowerCase} at its default, true. */
  public TextSpec(TokenizerKind tokenizer, int vocabSize, int maxLength) {
    this(tokenizer, vocabSize, maxLength, true);
  }
}
