package org.unimo.tasks.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Porter stemmer as NLTK's {@code PorterStemmer()} runs it by default (mode {@code
 * NLTK_EXTENSIONS}), which is the stemmer {@code rouge-score} uses when asked to stem: M. F.
 * Porter's 1980 algorithm ("An algorithm for suffix stripping", Program 14(3)) with the changes
 * that mode adds.
 *
 * <p>Those changes, each kept because a ROUGE score moves with it:
 *
 * <ul>
 *   <li>a table of irregular forms is looked up first ({@code skies -> sky}, {@code dying -> die},
 *       {@code news}, {@code innings -> inning}, {@code proceed}, ...);
 *   <li>words of one or two letters are returned unstemmed;
 *   <li>four-letter {@code -ies} and {@code -ied} words keep {@code ie} ({@code ties -> tie},
 *       {@code died -> die}) while longer ones end in {@code i} ({@code flies -> fli}); {@code -ied}
 *       ends step 1b at once;
 *   <li>the {@code *o} condition also holds for a two-letter vowel-consonant stem;
 *   <li>{@code y -> i} needs a consonant before the {@code y} and more than one letter before it
 *       ({@code happy -> happi}, {@code enjoy -> enjoy});
 *   <li>step 2 reads {@code bli -> ble} instead of {@code abli -> able}, strips {@code alli -> al}
 *       first and runs step 2 again on the result, and adds {@code fulli -> ful} and {@code logi ->
 *       log} (the measure of the latter taken with the {@code l}).
 * </ul>
 *
 * <p>As in NLTK, each step applies the first rule of its list whose suffix the word ends with; when
 * that rule's condition fails, the step leaves the word as it is rather than trying a later rule.
 * Letters other than {@code a e i o u y} count as consonants, digits included.
 *
 * <pre>{@code
 * PorterStemmer.stem("generalizations")  // "gener"
 * PorterStemmer.stem("caresses")         // "caress"
 * }</pre>
 */
public final class PorterStemmer {
  private static final Map<String, String> IRREGULAR =
      Map.ofEntries(
          Map.entry("sky", "sky"),
          Map.entry("skies", "sky"),
          Map.entry("dying", "die"),
          Map.entry("lying", "lie"),
          Map.entry("tying", "tie"),
          Map.entry("news", "news"),
          Map.entry("innings", "inning"),
          Map.entry("inning", "inning"),
          Map.entry("outings", "outing"),
          Map.entry("outing", "outing"),
          Map.entry("cannings", "canning"),
          Map.entry("canning", "canning"),
          Map.entry("howe", "howe"),
          Map.entry("proceed", "proceed"),
          Map.entry("exceed", "exceed"),
          Map.entry("succeed", "succeed"));

  private static final List<Rule> STEP1A = List.of(rule("sses", "ss"), rule("ies", "i"), rule("ss", "ss"), rule("s", ""));

  private static final List<Rule> STEP2 =
      List.of(
          positive("ational", "ate"),
          positive("tional", "tion"),
          positive("enci", "ence"),
          positive("anci", "ance"),
          positive("izer", "ize"),
          positive("bli", "ble"),
          positive("alli", "al"),
          positive("entli", "ent"),
          positive("eli", "e"),
          positive("ousli", "ous"),
          positive("ization", "ize"),
          positive("ation", "ate"),
          positive("ator", "ate"),
          positive("alism", "al"),
          positive("iveness", "ive"),
          positive("fulness", "ful"),
          positive("ousness", "ous"),
          positive("aliti", "al"),
          positive("iviti", "ive"),
          positive("biliti", "ble"),
          positive("fulli", "ful"),
          // The stem keeps the l when measured, so that geology and theology stem like archaeology.
          new Rule("logi", "log", stem -> measure(stem + "l") > 0));

  private static final List<Rule> STEP3 =
      List.of(
          positive("icate", "ic"),
          positive("ative", ""),
          positive("alize", "al"),
          positive("iciti", "ic"),
          positive("ical", "ic"),
          positive("ful", ""),
          positive("ness", ""));

  private static final List<Rule> STEP4 =
      List.of(
          longer("al"),
          longer("ance"),
          longer("ence"),
          longer("er"),
          longer("ic"),
          longer("able"),
          longer("ible"),
          longer("ant"),
          longer("ement"),
          longer("ment"),
          longer("ent"),
          new Rule("ion", "", stem -> measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))),
          longer("ou"),
          longer("ism"),
          longer("ate"),
          longer("iti"),
          longer("ous"),
          longer("ive"),
          longer("ize"));

  private PorterStemmer() {}

  /** The stem of {@code word}, lower-cased first as NLTK does. */
  public static String stem(String word) {
    String irregular = IRREGULAR.get(word);
    if (irregular != null) {
      return irregular;
    }
    String w = word.toLowerCase(Locale.ROOT);
    if (word.codePointCount(0, word.length()) <= 2) {
      return w;
    }
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = firstRule(w, STEP3);
    w = firstRule(w, STEP4);
    w = step5a(w);
    return step5b(w);
  }

  private static String step1a(String w) {
    if (w.length() == 4 && w.endsWith("ies")) {
      return w.substring(0, 3);
    }
    return firstRule(w, STEP1A);
  }

  private static String step1b(String w) {
    if (w.endsWith("ied")) {
      return w.length() == 4 ? w.substring(0, 3) : w.substring(0, w.length() - 2);
    }
    if (w.endsWith("eed")) {
      String stem = cut(w, 3);
      return measure(stem) > 0 ? stem + "ee" : w;
    }
    String stem;
    if (w.endsWith("ed") && hasVowel(cut(w, 2))) {
      stem = cut(w, 2);
    } else if (w.endsWith("ing") && hasVowel(cut(w, 3))) {
      stem = cut(w, 3);
    } else {
      return w;
    }
    if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
      return stem + "e";
    }
    if (endsWithDoubleConsonant(stem)) {
      char last = stem.charAt(stem.length() - 1);
      return last == 'l' || last == 's' || last == 'z' ? stem : cut(stem, 1);
    }
    return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
  }

  private static String step1c(String w) {
    if (w.endsWith("y") && w.length() > 2 && consonants(w)[w.length() - 2]) {
      return cut(w, 1) + "i";
    }
    return w;
  }

  private static String step2(String w) {
    if (w.endsWith("alli") && measure(cut(w, 4)) > 0) {
      return step2(cut(w, 2));
    }
    return firstRule(w, STEP2);
  }

  private static String step5a(String w) {
    if (w.endsWith("e")) {
      String stem = cut(w, 1);
      int m = measure(stem);
      if (m > 1 || (m == 1 && !endsCvc(stem))) {
        return stem;
      }
    }
    return w;
  }

  private static String step5b(String w) {
    return w.endsWith("ll") && measure(cut(w, 1)) > 1 ? cut(w, 1) : w;
  }

  /** The first rule whose suffix ends {@code w} decides: its replacement if its condition holds, else {@code w}. */
  private static String firstRule(String w, List<Rule> rules) {
    for (Rule rule : rules) {
      if (w.endsWith(rule.suffix())) {
        String stem = cut(w, rule.suffix().length());
        return rule.condition().test(stem) ? stem + rule.replacement() : w;
      }
    }
    return w;
  }

  /** Which letters are consonants: not a, e, i, o, u, and y only at the start or after a vowel. */
  private static boolean[] consonants(String w) {
    boolean[] out = new boolean[w.length()];
    for (int i = 0; i < out.length; i++) {
      char c = w.charAt(i);
      if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
        out[i] = false;
      } else if (c == 'y') {
        out[i] = i == 0 || !out[i - 1];
      } else {
        out[i] = true;
      }
    }
    return out;
  }

  /** Porter's m: how many vowel-consonant transitions the word has, [C](VC){m}[V]. */
  static int measure(String w) {
    boolean[] c = consonants(w);
    int m = 0;
    for (int i = 1; i < c.length; i++) {
      if (c[i] && !c[i - 1]) {
        m++;
      }
    }
    return m;
  }

  private static boolean hasVowel(String w) {
    for (boolean consonant : consonants(w)) {
      if (!consonant) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithDoubleConsonant(String w) {
    int n = w.length();
    return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && consonants(w)[n - 1];
  }

  /** Porter's *o, with NLTK's two-letter case: the word ends consonant-vowel-consonant, the last not w, x or y. */
  private static boolean endsCvc(String w) {
    int n = w.length();
    boolean[] c = consonants(w);
    if (n >= 3 && c[n - 3] && !c[n - 2] && c[n - 1]) {
      char last = w.charAt(n - 1);
      if (last != 'w' && last != 'x' && last != 'y') {
        return true;
      }
    }
    return n == 2 && !c[0] && c[1];
  }

  private static String cut(String w, int suffix) {
    return w.substring(0, w.length() - suffix);
  }

  private static Rule rule(String suffix, String replacement) {
    return new Rule(suffix, replacement, stem -> true);
  }

  private static Rule positive(String suffix, String replacement) {
    return new Rule(suffix, replacement, stem -> measure(stem) > 0);
  }

  private static Rule longer(String suffix) {
    return new Rule(suffix, "", stem -> measure(stem) > 1);
  }

  private record Rule(String suffix, String replacement, Predicate<String> condition) {}
}
