package org.unimo.rewriting.paraphrase;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * Positive texts by back-translation, as UNIMO makes them for CMCL: each caption goes to a pivot
 * language and back to English through one or more {@link RoundTrip}s.
 *
 * <pre>{@code
 * try (Translator enFr = SavedModelTranslator.load(Path.of("models/en-fr"));
 *     Translator frEn = SavedModelTranslator.load(Path.of("models/fr-en"))) {
 *   BackTranslator back = BackTranslator.via("fr", enFr, frEn);
 *   List<List<Sample>> positives = back.positives(captions);
 * }
 * }</pre>
 *
 * <p>A round trip is kept only if it says something different: a result that is empty, or equal to
 * the caption once case and whitespace are ignored, is dropped, as is one equal (in the same sense)
 * to an earlier round trip's result for the same caption. Kept results have their whitespace
 * collapsed and come as {@link SampleKind#BACKTRANSLATION} samples whose source names the pivot
 * and both models ({@link RoundTrip#source()}).
 *
 * <p>The back-translator does not own its translators: close them yourself.
 */
public final class BackTranslator {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final List<RoundTrip> roundTrips;

  private BackTranslator(List<RoundTrip> roundTrips) {
    this.roundTrips = roundTrips;
  }

  /** Back-translates through each of {@code roundTrips}, in order. */
  public static BackTranslator of(List<RoundTrip> roundTrips) {
    if (roundTrips.isEmpty()) {
      throw new IllegalArgumentException("a back-translator needs at least one round trip");
    }
    return new BackTranslator(List.copyOf(roundTrips));
  }

  /** Back-translates through {@code toPivot} and {@code fromPivot}; the pivot is not named. */
  public static BackTranslator of(Translator toPivot, Translator fromPivot) {
    return of(List.of(RoundTrip.of(toPivot, fromPivot)));
  }

  /** Back-translates through {@code pivotLanguage} with {@code toPivot} and {@code fromPivot}. */
  public static BackTranslator via(String pivotLanguage, Translator toPivot, Translator fromPivot) {
    return of(List.of(RoundTrip.via(pivotLanguage, toPivot, fromPivot)));
  }

  /** The round trips, in the order their samples come. */
  public List<RoundTrip> roundTrips() {
    return roundTrips;
  }

  /** The positives of one caption: at most one per round trip, possibly none. */
  public List<Sample> positives(String caption) {
    return positives(List.of(caption)).get(0);
  }

  /**
   * The positives of each caption, in the captions' order. Each distinct caption is translated
   * once, and each translator sees all of them in one call (which it may split into batches).
   *
   * @throws IllegalStateException naming the translator if one returns the wrong number of
   *     sentences
   */
  public List<List<Sample>> positives(List<String> captions) {
    Set<String> unique = new LinkedHashSet<>();
    for (String caption : captions) {
      unique.add(requireNonNull(caption, "caption"));
    }
    List<String> distinct = List.copyOf(unique);
    Map<String, List<Sample>> byCaption = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    for (String caption : distinct) {
      byCaption.put(caption, new ArrayList<>());
      seen.put(caption, new HashSet<>(Set.of(normalized(caption))));
    }
    for (RoundTrip trip : roundTrips) {
      List<String> pivot = call(trip.toPivot(), distinct);
      List<String> back = call(trip.fromPivot(), pivot);
      for (int i = 0; i < distinct.size(); i++) {
        String caption = distinct.get(i);
        String text = WHITESPACE.matcher(back.get(i).strip()).replaceAll(" ");
        if (!text.isEmpty() && seen.get(caption).add(normalized(text))) {
          byCaption.get(caption).add(new Sample(SampleKind.BACKTRANSLATION, text, trip.source()));
        }
      }
    }
    List<List<Sample>> positives = new ArrayList<>(captions.size());
    for (String caption : captions) {
      positives.add(List.copyOf(byCaption.get(caption)));
    }
    return List.copyOf(positives);
  }

  private static List<String> call(Translator translator, List<String> sentences) {
    List<String> translations = translator.translate(sentences);
    if (translations.size() != sentences.size()) {
      throw new IllegalStateException(
          translator.name() + " returned " + translations.size() + " translations for "
              + sentences.size() + " sentences");
    }
    return translations;
  }

  /** The form compared for sameness: lower case, whitespace collapsed, ends stripped. */
  static String normalized(String text) {
    return WHITESPACE.matcher(text.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "BackTranslator" + roundTrips.stream().map(RoundTrip::source).toList();
  }
}
