package org.unimo.dsl;
public record TextSpec(TokenizerKind tokenizer, int vocabSize, int maxLength) {}
