package org.unimo.rewriting.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextStoreTest {
  @Test
  void textsRoundTripAcrossPages() {
    TextStore store = new TextStore();
    String long1 = "x".repeat(3000) + " é 漢字 🦒";
    for (int i = 0; i < 20_000; i++) {
      assertThat(store.add(i % 7 == 0 ? long1 + i : "caption " + i)).isEqualTo(i);
    }
    assertThat(store.size()).isEqualTo(20_000);
    for (int i = 0; i < 20_000; i++) {
      assertThat(store.get(i)).isEqualTo(i % 7 == 0 ? long1 + i : "caption " + i);
    }
    assertThat(new TextStore()).satisfies(empty -> assertThat(empty.add("")).isZero());
    assertThatThrownBy(() -> store.get(20_000)).hasMessageContaining("entry 20000 of 20000");
  }

  @Test
  void duplicatesAreTheSameWordsInAnyCaseAndPunctuation() {
    assertThat(TfidfIndex.normalize("  A dog,  RUNS!\n")).isEqualTo("a dog runs");
    assertThat(TfidfIndex.normalize("Ça va.")).isEqualTo("ça va");
    assertThat(TfidfIndex.normalize("...")).isEmpty();
  }
}
