package org.unimo.dsl;

/** The subword tokenizer of the text input ({@code text.tokenizer.kind}). */
public enum TokenizerKind {
  /** A byte-level BPE trained by the toolkit on the run's text corpus (deterministic). */
  BYTE_BPE,
  /** GPT-2's r50k_base byte-level BPE, as used by RoBERTa and UNIMO (50257 ids + specials). */
  GPT2_R50K,
  /**
   * BERT's WordPiece over a {@code vocab.txt}, with BERT's normalization ({@link
   * TextSpec#lowerCase()} says whether uncased). It comes with an imported checkpoint ({@code
   * unimo import}); the toolkit does not train it.
   */
  WORDPIECE
}
