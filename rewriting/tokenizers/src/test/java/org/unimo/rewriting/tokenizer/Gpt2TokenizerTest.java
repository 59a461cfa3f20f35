package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Gpt2TokenizerTest {
  private static final Gpt2Tokenizer GPT2 = Gpt2Tokenizer.load();

  @Test
  void helloWorldGetsGpt2IdsShiftedBySix() {
    // GPT-2 (r50k_base): "Hello" = 15496, " world" = 995.
    assertThat(GPT2.encode("Hello world")).containsExactly(15496 + 6, 995 + 6);
    assertThat(GPT2.decode(new int[] {15496 + 6, 995 + 6})).isEqualTo("Hello world");
  }

  @Test
  void vocabularyIsGpt2PlusTheSpecials() {
    assertThat(GPT2.vocabSize()).isEqualTo(50257 + 6).isEqualTo(50263);
    assertThat(GPT2.kind()).isEqualTo("gpt2_r50k");
    assertThat(Gpt2Tokenizer.load()).isSameAs(GPT2);
  }

  @Test
  void textSpellingEndOfTextStaysOrdinaryText() {
    int endOfText = 50256 + 6;
    int[] ids = GPT2.encode("a<|endoftext|>b");
    assertThat(ids).doesNotContain(endOfText).hasSizeGreaterThan(3);
    assertThat(GPT2.decode(ids)).isEqualTo("a<|endoftext|>b");
  }

  @ParameterizedTest
  @MethodSource("org.unimo.rewriting.tokenizer.ByteLevelBpeTest#roundTripTexts")
  void decodeInvertsEncode(String text) {
    int[] ids = GPT2.encode(text);
    assertThat(GPT2.decode(ids)).isEqualTo(text);
    assertThat(Arrays.stream(ids).boxed())
        .allSatisfy(id -> assertThat(id).isBetween(SpecialTokens.COUNT, 50262));
  }

  @Test
  void decodeSkipsSpecialsAndRejectsUnknownIds() {
    int[] ids = GPT2.encode(" a dog");
    int[] framed =
        Stream.of(new int[] {SpecialTokens.CLS}, ids, new int[] {SpecialTokens.SEP})
            .flatMapToInt(Arrays::stream)
            .toArray();
    assertThat(GPT2.decode(framed)).isEqualTo(" a dog");
    assertThatThrownBy(() -> GPT2.decode(new int[] {50263}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("50263");
  }

  @Test
  void partialCharacterDecodesToReplacement() {
    int[] ids = GPT2.encode("😀");
    assertThat(ids).hasSizeGreaterThan(1); // GPT-2 spells this emoji with several byte pieces
    assertThat(GPT2.decode(new int[] {ids[0]})).isEqualTo("\uFFFD");
  }

  @Test
  void startsWordFollowsTheLeadingSpace() {
    assertThat(GPT2.startsWord(995 + 6)).as("' world'").isTrue();
    assertThat(GPT2.startsWord(15496 + 6)).as("'Hello'").isFalse();
    assertThat(GPT2.startsWord(SpecialTokens.MASK)).isTrue();
    assertThatThrownBy(() -> GPT2.startsWord(-1)).isInstanceOf(IllegalArgumentException.class);

    // A rare word splits into several pieces; only the first begins a word.
    int[] ids = GPT2.encode("Hello photosynthesizing world");
    boolean[] starts = GPT2.wordStarts(ids);
    assertThat(ids.length).isGreaterThan(4);
    assertThat(starts[0]).isTrue();
    assertThat(starts[1]).isTrue();
    assertThat(starts[ids.length - 1]).isTrue();
    int wordStartsCount = 0;
    for (boolean s : starts) {
      wordStartsCount += s ? 1 : 0;
    }
    assertThat(wordStartsCount).isEqualTo(3);
  }
}
