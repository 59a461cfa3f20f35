package org.unimo.rewriting.paraphrase;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One way to back-translate: English to a pivot language and back.
 *
 * @param pivotLanguage the pivot's name or code ({@code "fr"}, {@code "German"}) if known; it
 *     only appears in the samples' {@link #source()}
 * @param toPivot translates English to the pivot language
 * @param fromPivot translates the pivot language to English
 */
public record RoundTrip(@Nullable String pivotLanguage, Translator toPivot, Translator fromPivot) {
  public RoundTrip {
    requireNonNull(toPivot, "toPivot");
    requireNonNull(fromPivot, "fromPivot");
    if (pivotLanguage != null && pivotLanguage.isBlank()) {
      throw new IllegalArgumentException("a pivot language, if given, must not be blank");
    }
  }

  /** A round trip through a pivot language that is not named. */
  public static RoundTrip of(Translator toPivot, Translator fromPivot) {
    return new RoundTrip(null, toPivot, fromPivot);
  }

  /** A round trip through {@code pivotLanguage}. */
  public static RoundTrip via(String pivotLanguage, Translator toPivot, Translator fromPivot) {
    return new RoundTrip(requireNonNull(pivotLanguage, "pivotLanguage"), toPivot, fromPivot);
  }

  /**
   * The provenance written on each sample: {@code "backtranslation via fr: /models/en-fr ->
   * /models/fr-en"}, or without {@code " via fr"} if the pivot is not named.
   */
  public String source() {
    String via = pivotLanguage == null ? "" : " via " + pivotLanguage.strip();
    return "backtranslation" + via + ": " + toPivot.name() + " -> " + fromPivot.name();
  }
}
