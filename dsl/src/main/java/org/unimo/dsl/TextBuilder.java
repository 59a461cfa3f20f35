package org.unimo.dsl;

import org.unimo.dsl.proto.TextInput;

/** Configures the text input: {@code [CLS] w1 ... wn [SEP]}. */
@SpecDsl
public final class TextBuilder {
  private final TextInput.Builder proto;

  TextBuilder(TextInput.Builder proto) {
    this.proto = proto;
  }

  /** A byte-level BPE trained on the run's corpus, with this many ids including specials. */
  public TextBuilder byteBpe(int vocabSize) {
    proto
        .getTokenizerBuilder()
        .setKind(ProtoEnums.toProto(TokenizerKind.BYTE_BPE))
        .setVocabSize(vocabSize)
        .clearLowerCase();
    return this;
  }

  /** GPT-2's byte-level BPE (RoBERTa's and UNIMO's vocabulary), shipped offline. */
  public TextBuilder gpt2() {
    proto
        .getTokenizerBuilder()
        .setKind(ProtoEnums.toProto(TokenizerKind.GPT2_R50K))
        .setVocabSize(Validator.GPT2_VOCAB)
        .clearLowerCase();
    return this;
  }

  /**
   * BERT's WordPiece over the {@code vocab.txt} of an imported checkpoint ({@code unimo import}),
   * with BERT's normalization; the toolkit does not train it.
   *
   * <pre>{@code
   * text { wordPiece(30522, true); maxLength(128) }   // bert-base-uncased, all-MiniLM-L6-v2
   * }</pre>
   *
   * @param vocabSize ids including specials: at least the lines of the vocabulary
   * @param lowerCase lower-case text and strip its accents, as the uncased models do; false for the
   *     cased ones
   */
  public TextBuilder wordPiece(int vocabSize, boolean lowerCase) {
    proto
        .getTokenizerBuilder()
        .setKind(ProtoEnums.toProto(TokenizerKind.WORDPIECE))
        .setVocabSize(vocabSize)
        .setLowerCase(lowerCase);
    return this;
  }

  /** Maximum length in subwords, including [CLS] and [SEP]. */
  public TextBuilder maxLength(int maxLength) {
    proto.setMaxLength(maxLength);
    return this;
  }
}
