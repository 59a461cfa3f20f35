package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordNetGlossesTest {
  @Test
  void cleaningDropsQuotedExamples() {
    assertThat(
            WordNetGlosses.clean(
                "a tangible and visible entity; an entity that can cast a shadow; \"it was full of rackets, balls and other objects\""))
        .isEqualTo("a tangible and visible entity; an entity that can cast a shadow");
    assertThat(WordNetGlosses.clean("come from; \"The present name derives from an older form\"")).isEqualTo("come from");
    assertThat(WordNetGlosses.clean("inhale (air, water, etc.)")).isEqualTo("inhale (air, water, etc.)");
    assertThat(WordNetGlosses.clean("\"only an example\"")).isEmpty();
  }

  @Test
  void halfNounsHalfVerbsInLibraryOrder() {
    List<String> glosses = WordNetGlosses.first(6);
    assertThat(glosses).hasSize(6);
    assertThat(glosses.get(0)).startsWith("that which is perceived or known or inferred");
    assertThat(glosses.get(1)).isEqualTo("an entity that has physical existence");
    assertThat(glosses.get(3)).isEqualTo("draw air into, and expel out of, the lungs");
    assertThat(WordNetGlosses.first(0)).isEmpty();
  }
}
