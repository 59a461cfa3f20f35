package org.unimo.rewriting.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class RelatedTextsTest {
  private static final List<String> CORPUS =
      List.of(
          "The stock market fell sharply on Monday.",
          "A surfer rode a huge wave off the coast of Hawaii.",
          "Surfing on big waves takes years of practice.",
          "The weather on the coast was sunny.",
          "A man rides a wave on a surfboard.",
          "Waves crashed against the pier all night.");

  @Test
  void theMostSimilarSentencesComeFirst() {
    try (RelatedTexts texts = RelatedTexts.index(CORPUS.iterator(), null)) {
      List<Sample> related = texts.related("A surfer riding a big wave near the coast.", 3);

      // Shared rare words count most: "surfer", "wave" and "coast"; then "big" and "wave"; then
      // "coast" (in two sentences) beats "wave" alone (in four, "waves" folded to "wave").
      assertThat(related)
          .extracting(Sample::value)
          .containsExactly(
              "A surfer rode a huge wave off the coast of Hawaii.",
              "Surfing on big waves takes years of practice.",
              "The weather on the coast was sunny.");
      assertThat(related).extracting(Sample::kind).containsOnly(SampleKind.TEXT);
      assertThat(related.get(0).source()).matches("text 1, score \\d+\\.\\d{3}");
    }
  }

  @Test
  void sentencesSharingNoTermAreNotRelated() {
    try (RelatedTexts texts = RelatedTexts.index(CORPUS.iterator(), null)) {
      assertThat(texts.related("A giraffe eats leaves.", 3)).isEmpty();
      assertThat(texts.related("The a of.", 3)).as("stop words only").isEmpty();
      assertThat(texts.size()).isEqualTo(CORPUS.size());
    }
  }

  @Test
  void theCaptionItselfIsNotAPositive() {
    try (RelatedTexts texts = RelatedTexts.index(CORPUS.iterator(), null)) {
      assertThat(texts.related("a man rides a wave on a surfboard", 2))
          .extracting(Sample::value)
          .doesNotContain("A man rides a wave on a surfboard.")
          .hasSize(2);
    }
  }
}
