package org.unimo.rewriting.paraphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

class BackTranslatorTest {
  @TempDir Path tmp;

  @Test
  void roundTripsThroughTwoSavedModelsGiveAParaphrase() throws IOException {
    Path enFrDir =
        ToyTranslationModels.dictionary(tmp.resolve("en-fr"), ToyTranslationModels.EN_FR);
    Path frEnDir =
        ToyTranslationModels.dictionary(tmp.resolve("fr-en"), ToyTranslationModels.FR_EN);
    try (SavedModelTranslator enFr = SavedModelTranslator.load(enFrDir);
        SavedModelTranslator frEn = SavedModelTranslator.load(frEnDir)) {
      BackTranslator back = BackTranslator.via("fr", enFr, frEn);
      List<List<Sample>> positives =
          back.positives(
              List.of(
                  "a man rides a horse on the beach", "A Man runs",
                  "a man rides a horse on the beach"));

      String source =
          "backtranslation via fr: " + enFrDir.toAbsolutePath() + " -> " + frEnDir.toAbsolutePath();
      assertThat(positives).hasSize(3);
      assertThat(positives.get(0))
          .containsExactly(
              new Sample(SampleKind.BACKTRANSLATION, "a man rides a steed on the shore", source));
      // "un homme court" comes back as "a man runs": the caption again, up to case, so dropped.
      assertThat(positives.get(1)).isEmpty();
      assertThat(positives.get(2)).isEqualTo(positives.get(0));
    }
  }

  @Test
  void eachDistinctCaptionIsTranslatedOnceInOneCall() {
    FakeTranslator toPivot = new FakeTranslator("to", s -> "<" + s + ">");
    FakeTranslator fromPivot =
        new FakeTranslator("from", s -> s.substring(1, s.length() - 1) + "!");
    BackTranslator.of(toPivot, fromPivot).positives(List.of("x", "y", "x"));
    assertThat(toPivot.calls).containsExactly(List.of("x", "y"));
    assertThat(fromPivot.calls).containsExactly(List.of("<x>", "<y>"));
  }

  @Test
  void dropsEmptyAndIdenticalResultsAndDuplicatesAcrossRoundTrips() {
    FakeTranslator identity = new FakeTranslator("id", s -> s);
    FakeTranslator shout = new FakeTranslator("shout", s -> "  " + s.toUpperCase() + "  ");
    FakeTranslator blank = new FakeTranslator("blank", s -> " ");
    FakeTranslator reword = new FakeTranslator("reword", s -> s.replace("dog", "hound  "));
    FakeTranslator rewordAgain = new FakeTranslator("again", s -> s.replace("dog", "HOUND"));
    BackTranslator back =
        BackTranslator.of(
            List.of(
                RoundTrip.of(identity, shout),
                RoundTrip.of(identity, blank),
                RoundTrip.via("de", identity, reword),
                RoundTrip.via("es", identity, rewordAgain)));

    assertThat(back.positives("a dog  runs"))
        .containsExactly(
            new Sample(
                SampleKind.BACKTRANSLATION,
                "a hound runs",
                "backtranslation via de: id -> reword"));
  }

  @Test
  void aTranslatorThatLosesSentencesIsNamed() {
    FakeTranslator identity = new FakeTranslator("id", s -> s);
    Translator lossy =
        new FakeTranslator("lossy", s -> s) {
          @Override
          public List<String> translate(List<String> sentences) {
            return sentences.subList(1, sentences.size());
          }
        };
    assertThatThrownBy(() -> BackTranslator.of(identity, lossy).positives(List.of("a", "b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("lossy returned 1 translations for 2 sentences");
  }

  @Test
  void needsARoundTrip() {
    assertThatThrownBy(() -> BackTranslator.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round trip");
  }

  /** Applies a function to each sentence and records the batches it was given. */
  private static class FakeTranslator implements Translator {
    final List<List<String>> calls = new ArrayList<>();
    private final String name;
    private final UnaryOperator<String> function;

    FakeTranslator(String name, UnaryOperator<String> function) {
      this.name = name;
      this.function = function;
    }

    @Override
    public List<String> translate(List<String> sentences) {
      calls.add(List.copyOf(sentences));
      return sentences.stream().map(function).toList();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void close() {}
  }
}
