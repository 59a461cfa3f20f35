package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreTokenizerTest {

  @Test
  void splitsLikeGpt2() {
    assertThat(PreTokenizer.split("A man's bike, 42 wheels!!  ok\n"))
        .containsExactly("A", " man", "'s", " bike", ",", " 42", " wheels", "!!", " ", " ok", "\n");
  }

  @Test
  void lettersOfAnyScriptStayTogetherAndSymbolsSplitOff() {
    assertThat(PreTokenizer.split("Café über 東京 😀😀"))
        .containsExactly("Café", " über", " 東京", " 😀😀");
  }

  @Test
  void piecesAlwaysConcatenateToTheInput() {
    for (String s :
        new String[] {
          "", " ", "   ", "\t\n x", "a\uD800b", "\uDE00", "don't  STOP'S", "x\u00A0y"
        }) {
      assertThat(String.join("", PreTokenizer.split(s))).isEqualTo(s);
    }
  }
}
