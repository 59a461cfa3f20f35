package org.unimo.rewriting.paraphrase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * Runs the real apertium (Debian's apertium and apertium-eng-spa). Without them the tests that
 * need it are skipped, except under CI=true, where {@code .ci/run} installs them and their absence
 * is a failure.
 */
class ApertiumTranslatorTest {
  private static final String RIDER = "A man is riding a horse on the beach.";
  private static final List<String> CAPTIONS =
      List.of(
          RIDER,
          "two dogs playing with a frisbee in a grassy park",
          "A sign says \"No dogs allowed\", and a woman reads it!",
          "",
          "A  small cat\nsleeps on a wooden chair.",
          "A red bus parked near a tall building.");

  /** Skips the test without apertium's English-Spanish pair, or fails it under CI. */
  static void assumeApertium() {
    boolean available =
        ApertiumTranslator.isAvailable("eng", "spa") && ApertiumTranslator.isAvailable("spa", "eng");
    if (!available && "true".equals(System.getenv("CI"))) {
      fail("apertium eng-spa/spa-eng missing under CI=true: .ci/run installs it with ./unimo setup");
    }
    assumeTrue(available, "apertium eng-spa: install with ./unimo setup");
  }

  @Test
  void aBatchComesBackAlignedAndTheRiderAsExpected() throws IOException {
    assumeApertium();
    try (ApertiumTranslator engSpa = ApertiumTranslator.pair("eng", "spa");
        ApertiumTranslator spaEng = ApertiumTranslator.pair("spa", "eng")) {
      List<String> spanish = engSpa.translate(CAPTIONS);
      List<String> english = spaEng.translate(spanish);

      assertThat(spanish).hasSameSizeAs(CAPTIONS);
      assertThat(english).hasSameSizeAs(CAPTIONS);
      assertThat(spanish.get(0)).isEqualTo("Un hombre está montando un caballo en la playa.");
      assertThat(english.get(0)).isEqualTo("A man is mounting a horse in the beach.");
      // Each sentence stays itself: nothing of one leaks into its neighbours.
      assertThat(english.get(1)).containsIgnoringCase("frisbee").doesNotContain("horse", "sign");
      assertThat(english.get(2)).startsWith("A sign says \"").contains("dog", "woman").endsWith("!");
      assertThat(spanish.get(3)).isEmpty();
      assertThat(english.get(3)).isEmpty();
      assertThat(english.get(4)).contains("cat").doesNotContain("\n", "  ");
      assertThat(english.get(5)).containsIgnoringCase("bus");
      assertThat(String.join(" ", spanish) + String.join(" ", english)).doesNotContain("*", "#", "@");
    }
  }

  @Test
  void batchesOfAnySizeGiveTheSameTranslations() throws IOException {
    assumeApertium();
    try (ApertiumTranslator whole = ApertiumTranslator.pair("eng", "spa");
        ApertiumTranslator pairs = whole.withBatchSize(2)) {
      List<String> once = whole.translate(CAPTIONS);
      assertThat(pairs.translate(CAPTIONS)).isEqualTo(once);
      assertThat(whole.translate(CAPTIONS)).isEqualTo(once);
      assertThat(whole.translate(List.of())).isEmpty();
    }
  }

  @Test
  void backTranslationThroughSpanishNamesThePivot() throws IOException {
    assumeApertium();
    try (ApertiumTranslator engSpa = ApertiumTranslator.pair("eng", "spa");
        ApertiumTranslator spaEng = ApertiumTranslator.pair("spa", "eng")) {
      List<List<Sample>> positives =
          BackTranslator.via("spa", engSpa, spaEng).positives(List.of(RIDER, "women"));
      assertThat(positives.get(0))
          .containsExactly(
              new Sample(
                  SampleKind.BACKTRANSLATION,
                  "A man is mounting a horse in the beach.",
                  "backtranslation via spa: apertium eng-spa -> apertium spa-eng"));
      // "women" -> "Mujeres" -> "Women": the caption again up to case, so dropped.
      assertThat(positives.get(1)).isEmpty();
    }
  }

  @Test
  void aMissingPairSaysWhatThereIsAndHowToInstall() {
    assumeApertium();
    assertThat(ApertiumTranslator.isAvailable("eng", "xyz")).isFalse();
    assertThatThrownBy(() -> ApertiumTranslator.pair("eng", "xyz"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("apertium has no language pair eng-xyz (it has ")
        .hasMessageContaining("eng-spa")
        .hasMessageContaining("./unimo setup")
        .hasMessageContaining("apt-get install apertium apertium-eng-spa");
  }

  @Test
  void aMissingApertiumSaysHowToInstall(@TempDir Path dir) {
    String missing = dir.resolve("apertium").toString();
    assertThatThrownBy(() -> ApertiumTranslator.create(missing, "eng", "spa"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("apertium is not installed")
        .hasMessageContaining("./unimo setup")
        .hasMessageContaining("apt-get install apertium apertium-eng-spa");
  }

  @Test
  void languageCodesAreChecked() {
    assertThatThrownBy(() -> ApertiumTranslator.isAvailable("-l", "spa"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'-l' is not an apertium language code");
    assertThatThrownBy(() -> ApertiumTranslator.pair("eng spa", "eng"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOutputThatDoesNotLineUpIsRejected(@TempDir Path dir) throws IOException {
    // A stand-in that lists eng-spa but joins all its input into one line.
    Path fake =
        script(dir, "if [ \"$1\" = -l ]; then echo eng-spa; else tr '\\n' ' '; echo; fi");
    try (ApertiumTranslator translator = ApertiumTranslator.create(fake.toString(), "eng", "spa")) {
      assertThatThrownBy(() -> translator.translate(List.of("a", "b")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("apertium eng-spa: output does not line up with the input");
    }
  }

  @Test
  void failuresAndTimeoutsCarryStandardError(@TempDir Path dir) throws IOException {
    Path failing =
        script(dir, "if [ \"$1\" = -l ]; then echo eng-spa; else echo 'no memory' >&2; exit 3; fi");
    try (ApertiumTranslator translator = ApertiumTranslator.create(failing.toString(), "eng", "spa")) {
      assertThatThrownBy(() -> translator.translate(List.of("a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exited with status 3 on 1 sentences; stderr: no memory");
    }
    Path slow =
        script(dir, "if [ \"$1\" = -l ]; then echo eng-spa; else echo waiting >&2; sleep 30 | cat; fi");
    try (ApertiumTranslator translator =
        ApertiumTranslator.create(slow.toString(), "eng", "spa").withTimeout(Duration.ofMillis(300))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> translator.translate(List.of("a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no answer within PT0.3S for 1 sentences; stderr: waiting");
      // The pipeline's children are killed too, so nothing waits for the sleep.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void aClosedTranslatorRefuses(@TempDir Path dir) throws IOException {
    Path echo = script(dir, "if [ \"$1\" = -l ]; then echo eng-spa; else cat; fi");
    ApertiumTranslator translator = ApertiumTranslator.create(echo.toString(), "eng", "spa");
    assertThat(translator.translate(List.of(" a  b ", "", "c*"))).containsExactly("a b", "", "c*");
    translator.close();
    translator.close();
    assertThatThrownBy(() -> translator.translate(List.of("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("apertium eng-spa: translator is closed");
  }

  private static Path script(Path dir, String body) throws IOException {
    Path file = Files.createTempFile(dir, "apertium", ".sh");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
