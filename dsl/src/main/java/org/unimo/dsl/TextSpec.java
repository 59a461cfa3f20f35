package org.unimo.dsl;

/**
 * The text input, {@code [CLS] w1 ... wn [SEP]}.
 *
 * @param tokenizer the subword tokenizer
 * @param vocabSize vocabulary size including special tokens (50263 for GPT2_R50K)
 * @param maxLength maximum sequence length including [CLS] and [SEP]
 */
public record TextSpec(TokenizerKind tokenizer, int vocabSize, int maxLength) {}
