package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpecialTokensTest {

  @Test
  void idsAreTheFixedLayout() {
    assertThat(
            new int[] {
              SpecialTokens.PAD,
              SpecialTokens.CLS,
              SpecialTokens.SEP,
              SpecialTokens.MASK,
              SpecialTokens.IMG,
              SpecialTokens.UNK
            })
        .containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(SpecialTokens.COUNT).isEqualTo(6);
  }

  @Test
  void isSpecialCoversExactlyTheFirstSixIds() {
    assertThat(SpecialTokens.isSpecial(-1)).isFalse();
    for (int id = 0; id < 6; id++) {
      assertThat(SpecialTokens.isSpecial(id)).as("id %d", id).isTrue();
    }
    assertThat(SpecialTokens.isSpecial(6)).isFalse();
  }

  @Test
  void namesSpecialIdsAndRejectsOthers() {
    assertThat(SpecialTokens.name(SpecialTokens.PAD)).isEqualTo("[PAD]");
    assertThat(SpecialTokens.name(SpecialTokens.MASK)).isEqualTo("[MASK]");
    assertThat(SpecialTokens.name(SpecialTokens.IMG)).isEqualTo("[IMG]");
    assertThat(SpecialTokens.name(SpecialTokens.UNK)).isEqualTo("[UNK]");
    assertThatThrownBy(() -> SpecialTokens.name(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6");
  }
}
