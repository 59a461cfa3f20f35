package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code text.tokenizer.kind: WORDPIECE} and {@code text.tokenizer.lower_case}. */
class WordPieceSpecTest {
  /** A text-only model over BERT's uncased vocabulary, as a config names it. */
  private static final String BERT_LIKE =
      """
      name: "minilm"
      text {
        tokenizer { kind: WORDPIECE vocab_size: 30522 }
        max_length: 128
      }
      encoder { layers: 6 hidden: 384 heads: 12 ffn: 1536 type_vocab_size: 2 pooling: PLAIN_MEAN }
      objectives { masked_lm {} }
      """;

  private static List<String> problems(String text) {
    Throwable thrown = catchThrowable(() -> ModelSpec.parse(text, "x"));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aWordPieceConfigParsesWithLowerCaseAtItsDefault() {
    ModelSpec spec = ModelSpec.parse(BERT_LIKE, "x");
    assertThat(spec.text()).isEqualTo(new TextSpec(TokenizerKind.WORDPIECE, 30522, 128, true));
    assertThat(spec.toTextProto()).contains("kind: WORDPIECE", "vocab_size: 30522", "lower_case: true");
  }

  @Test
  void aCasedWordPieceRoundTripsThroughTheTextFormat() {
    ModelSpec cased = ModelSpec.parse(BERT_LIKE.replace("vocab_size: 30522", "vocab_size: 28996 lower_case: false"), "x");
    assertThat(cased.text().lowerCase()).isFalse();
    String printed = cased.toTextProto();
    assertThat(printed).contains("lower_case: false");

    ModelSpec parsed = ModelSpec.parse(printed, "printed");
    assertThat(parsed).isEqualTo(cased);
    assertThat(parsed.text()).isEqualTo(new TextSpec(TokenizerKind.WORDPIECE, 28996, 128, false));
    assertThat(parsed.fingerprint()).isEqualTo(cased.fingerprint());
  }

  @Test
  void lowerCaseAtItsDefaultStaysOutOfTheFingerprintAndFalseChangesIt() {
    ModelSpec implicit = ModelSpec.parse(BERT_LIKE, "x");
    ModelSpec explicit =
        ModelSpec.parse(BERT_LIKE.replace("vocab_size: 30522", "vocab_size: 30522 lower_case: true"), "x");
    ModelSpec cased =
        ModelSpec.parse(BERT_LIKE.replace("vocab_size: 30522", "vocab_size: 30522 lower_case: false"), "x");
    assertThat(explicit.fingerprint()).isEqualTo(implicit.fingerprint());
    assertThat(cased.fingerprint()).isNotEqualTo(implicit.fingerprint());
    assertThat(Canonical.print(Canonical.minimal(implicit.proto()))).doesNotContain("lower_case");
    // A BYTE_BPE spec printed in full spells lower_case out, and reads back to the same fingerprint.
    ModelSpec tiny = Presets.tiny().build();
    assertThat(ModelSpec.parse(tiny.toTextProto(), "tiny").fingerprint()).isEqualTo(GoldenFingerprints.TINY);
  }

  @Test
  void theDslDeclaresAWordPieceAndAnotherKindClearsLowerCase() {
    ModelSpec uncased = Presets.tiny().text(t -> t.wordPiece(30522, true)).build();
    assertThat(uncased.text()).isEqualTo(new TextSpec(TokenizerKind.WORDPIECE, 30522, 24, true));
    ModelSpec cased = Presets.tiny().text(t -> t.wordPiece(28996, false).maxLength(32)).build();
    assertThat(cased.text()).isEqualTo(new TextSpec(TokenizerKind.WORDPIECE, 28996, 32, false));
    assertThat(cased.proto().getText().getTokenizer().getLowerCase()).isFalse();

    ModelSpec back = cased.toBuilder().text(t -> t.byteBpe(1000)).build();
    assertThat(back.text()).isEqualTo(new TextSpec(TokenizerKind.BYTE_BPE, 1000, 32, true));
    ModelSpec gpt2 = cased.toBuilder().text(t -> t.gpt2()).build();
    assertThat(gpt2.text().tokenizer()).isEqualTo(TokenizerKind.GPT2_R50K);
    assertThat(gpt2.text().lowerCase()).isTrue();
  }

  @Test
  void lowerCaseFalseWithAnotherKindIsAProblemNamingTheField() {
    assertThat(problems("text { tokenizer { kind: BYTE_BPE vocab_size: 1000 lower_case: false } } objectives { masked_lm {} }"))
        .containsExactly(
            "text.tokenizer.lower_case: false applies to WORDPIECE only; BYTE_BPE keeps the case of its text (remove the field)");
    assertThat(problems("text { tokenizer { kind: GPT2_R50K vocab_size: 50263 lower_case: false } } objectives { masked_lm {} }"))
        .containsExactly(
            "text.tokenizer.lower_case: false applies to WORDPIECE only; GPT2_R50K keeps the case of its text (remove the field)");
    // At its default the field means nothing for these kinds, as if left out.
    assertThat(ModelSpec.parse("text { tokenizer { kind: BYTE_BPE lower_case: true } } objectives { masked_lm {} }", "x").text().tokenizer())
        .isEqualTo(TokenizerKind.BYTE_BPE);
  }

  @Test
  void overridesSetTheKindAndLowerCase() {
    ModelSpec cased =
        Presets.tiny()
            .build()
            .withOverrides(
                List.of("text.tokenizer.kind=WORDPIECE", "text.tokenizer.vocab_size=28996", "text.tokenizer.lower_case=false"));
    assertThat(cased.text()).isEqualTo(new TextSpec(TokenizerKind.WORDPIECE, 28996, 24, false));
    SpecException e =
        catchThrowableOfType(
            SpecException.class, () -> Presets.tiny().build().withOverrides(List.of("text.tokenizer.lower_case=false")));
    assertThat(e.problems()).extracting(Problem::path).containsExactly("text.tokenizer.lower_case");
  }

  @Test
  void aWordPieceVocabularyHoldsBertsFiveSpecials() {
    assertThat(problems(BERT_LIKE.replace("vocab_size: 30522", "vocab_size: 4")))
        .containsExactly("text.tokenizer.vocab_size: 4 is below 5 ([PAD], [UNK], [CLS], [SEP], [MASK])");
  }

  @Test
  void aMisspelledKindListsWordPiece() {
    assertThat(problems("text { tokenizer { kind: WORD_PIECE } }"))
        .singleElement()
        .asString()
        .contains("is not one of BYTE_BPE, GPT2_R50K, WORDPIECE")
        .endsWith("did you mean \"WORDPIECE\"?");
  }
}
