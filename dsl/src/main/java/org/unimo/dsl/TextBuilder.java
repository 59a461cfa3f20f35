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
    proto.getTokenizerBuilder().setKind(ProtoEnums.toProto(TokenizerKind.BYTE_BPE)).setVocabSize(vocabSize);
    return this;
  }

  /** GPT-2's byte-level BPE (RoBERTa's and UNIMO's vocabulary), shipped offline. */
  public TextBuilder gpt2() {
    proto
        .getTokenizerBuilder()
        .setKind(ProtoEnums.toProto(TokenizerKind.GPT2_R50K))
        .setVocabSize(Validator.GPT2_VOCAB);
    return this;
  }

  /** Maximum length in subwords, including [CLS] and [SEP]. */
  public TextBuilder maxLength(int maxLength) {
    proto.setMaxLength(maxLength);
    return this;
  }
}
