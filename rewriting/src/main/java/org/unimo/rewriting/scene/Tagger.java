package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.scene.Unit.Kind;

/**
 * Tags caption tokens with word classes. Closed classes (determiners, numerals, prepositions
 * including multiword ones, auxiliaries, conjunctions, pronouns) come from the lists here, longest
 * match first; every other word is {@link Kind#WORD} with what {@link WordNetLexicon} says it can
 * be. Context decides the rest in {@link CaptionParser}.
 */
final class Tagger {
  private static final Map<String, Integer> NUMBERS = numbers();

  private static final Set<String> DETERMINERS =
      Set.of(
          "a", "an", "the", "this", "these", "those", "his", "its", "their", "my", "your", "our", "some",
          "many", "several", "each", "every", "another", "other", "both", "all", "any", "no", "much", "more",
          "most", "her", "that", "few");

  /** Determiners that announce a plural without saying how many. */
  private static final Set<String> PLURAL_DETERMINERS = Set.of("these", "those", "several", "many", "both", "few");

  /** Determiners that announce one countable thing. */
  static final Set<String> INDEFINITE = Set.of("a", "an", "one", "each", "every", "another");

  /** Nouns of quantity: "a group of people" is people. */
  private static final Set<String> QUANTITIES =
      Set.of(
          "group", "couple", "pair", "bunch", "lot", "herd", "flock", "number", "crowd", "variety", "team",
          "handful", "dozen", "assortment", "collection", "lots");

  private static final Set<String> PREPOSITIONS =
      Set.of(
          "about", "above", "across", "after", "against", "along", "alongside", "amid", "among", "around", "at",
          "atop", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "by", "down",
          "during", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "out", "outside",
          "over", "past", "through", "toward", "towards", "under", "underneath", "up", "upon", "with", "within",
          "without", "like", "via", "to");

  private static final List<List<String>> MULTIWORD_PREPOSITIONS =
      List.of(
              "to the left of", "to the right of", "on the left of", "on the right of", "on the left side of",
              "on the right side of", "in front of", "in back of", "on top of", "at the top of", "at the bottom of",
              "in the middle of", "in the center of", "on the side of", "on the edge of", "on the back of",
              "in the back of", "next to", "close to", "near to", "out of", "inside of", "across from", "away from",
              "along with", "together with", "in between", "up to", "on to", "in to")
          .stream()
          .map(p -> List.of(p.split(" ")))
          .toList();

  private static final Set<String> AUXILIARIES =
      Set.of(
          "is", "are", "was", "were", "be", "been", "being", "am", "can", "could", "will", "would", "may",
          "might", "do", "does", "did", "'s");

  private static final Set<String> CONJUNCTIONS = Set.of("and", "or", "but", "while", "as", "then", "plus", "&", "nor");
  private static final Set<String> RELATIVES = Set.of("who", "which", "whose", "where");
  private static final Set<String> PRONOUNS =
      Set.of(
          "he", "she", "it", "they", "them", "him", "i", "you", "we", "us", "me", "himself", "herself", "itself",
          "themselves", "someone", "something", "somebody", "everyone", "everything", "anyone", "what");
  private static final Set<String> ADVERBS =
      Set.of(
          "very", "together", "also", "just", "really", "too", "quite", "almost", "nearly", "partially", "here",
          "there", "away", "back", "still", "currently", "outdoors", "indoors", "not", "so", "closely", "directly");

  private final WordNetLexicon lexicon;

  Tagger(WordNetLexicon lexicon) {
    this.lexicon = lexicon;
  }

  List<Unit> tag(List<String> lower) {
    List<Unit> units = new ArrayList<>(lower.size());
    int i = 0;
    while (i < lower.size()) {
      Unit unit = multiword(lower, i);
      if (unit == null) {
        unit = single(lower, i, units.isEmpty() ? null : units.get(units.size() - 1));
      }
      units.add(unit);
      i = unit.end();
    }
    return units;
  }

  private @Nullable Unit multiword(List<String> lower, int i) {
    for (List<String> words : MULTIWORD_PREPOSITIONS) {
      if (matches(lower, i, words)) {
        return new Unit(i, i + words.size(), Kind.PREPOSITION, String.join(" ", words), null, -1);
      }
    }
    // "a group of", "lots of", "a couple of", "two pairs of"
    int j = i;
    int count = 0;
    if (lower.get(i).equals("a") || lower.get(i).equals("the")) {
      j++;
    }
    if (j + 1 < lower.size() && QUANTITIES.contains(lower.get(j)) && lower.get(j + 1).equals("of")) {
      count = lower.get(j).equals("pair") || lower.get(j).equals("couple") ? 2 : 0;
      return new Unit(i, j + 2, Kind.DETERMINER, String.join(" ", lower.subList(i, j + 2)), null, count);
    }
    if (lower.get(i).equals("a") && i + 1 < lower.size() && lower.get(i + 1).equals("few")) {
      return new Unit(i, i + 2, Kind.DETERMINER, "a few", null, 0);
    }
    return null;
  }

  private static boolean matches(List<String> lower, int i, List<String> words) {
    if (i + words.size() > lower.size()) {
      return false;
    }
    for (int k = 0; k < words.size(); k++) {
      if (!lower.get(i + k).equals(words.get(k))) {
        return false;
      }
    }
    return true;
  }

  private Unit single(List<String> lower, int i, @Nullable Unit previous) {
    String w = lower.get(i);
    String next = i + 1 < lower.size() ? lower.get(i + 1) : "";
    Integer number = NUMBERS.get(w);
    if (number != null) {
      return new Unit(i, i + 1, Kind.DETERMINER, w, null, number);
    }
    if (w.chars().allMatch(Character::isDigit)) {
      return new Unit(i, i + 1, Kind.DETERMINER, w, null, Integer.parseInt(w.length() > 6 ? "0" : w));
    }
    if (w.equals("there") && AUXILIARIES.contains(next)) {
      return closed(i, Kind.EXISTENTIAL, w);
    }
    boolean afterNoun = previous != null && previous.is(Kind.WORD);
    if (w.equals("that") && afterNoun || RELATIVES.contains(w)) {
      return closed(i, Kind.RELATIVE, w);
    }
    if (w.equals("her") && (next.isEmpty() || !Character.isLetterOrDigit(next.charAt(0)) || isClosed(next))) {
      return closed(i, Kind.PRONOUN, w);
    }
    if (DETERMINERS.contains(w)) {
      int count = INDEFINITE.contains(w) ? 1 : PLURAL_DETERMINERS.contains(w) ? 0 : -1;
      return new Unit(i, i + 1, Kind.DETERMINER, w, null, count);
    }
    if (w.equals("'s") && afterNoun && Character.isLetterOrDigit(next.isEmpty() ? ' ' : next.charAt(0))) {
      return closed(i, Kind.DETERMINER, w); // "a man's hand": a possessive opens the next phrase
    }
    if (PREPOSITIONS.contains(w)) {
      return closed(i, Kind.PREPOSITION, w);
    }
    if (AUXILIARIES.contains(w)) {
      return closed(i, Kind.AUXILIARY, w);
    }
    if (CONJUNCTIONS.contains(w)) {
      return closed(i, Kind.CONJUNCTION, w);
    }
    if (PRONOUNS.contains(w)) {
      return closed(i, Kind.PRONOUN, w);
    }
    if (ADVERBS.contains(w)) {
      return closed(i, Kind.ADVERB, w);
    }
    if (w.equals(",")) {
      return closed(i, Kind.COMMA, w);
    }
    if (!Character.isLetterOrDigit(w.charAt(0))) {
      return closed(i, Kind.BREAK, w);
    }
    WordInfo info = lexicon.info(w);
    if (info.onlyAdverb() && AttributeCategory.listed(w) == null) {
      return closed(i, Kind.ADVERB, w);
    }
    return new Unit(i, i + 1, Kind.WORD, w, info, -1);
  }

  static boolean isPreposition(String w) {
    return PREPOSITIONS.contains(w);
  }

  private static boolean isClosed(String w) {
    return DETERMINERS.contains(w) || PREPOSITIONS.contains(w) || AUXILIARIES.contains(w)
        || CONJUNCTIONS.contains(w) || PRONOUNS.contains(w);
  }

  private static Unit closed(int i, Kind kind, String w) {
    return new Unit(i, i + 1, kind, w, null, -1);
  }

  private static Map<String, Integer> numbers() {
    String[] words = {
      "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
      "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"
    };
    Map<String, Integer> numbers = new HashMap<>();
    for (int n = 0; n < words.length; n++) {
      numbers.put(words[n], n);
    }
    return Map.copyOf(numbers);
  }
}
