package org.unimo.rewriting.paraphrase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.Exc;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.dictionary.Dictionary;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.scene.CaptionRealizer;

/**
 * Puts a WordNet lemma into a {@link WordForm}: simple English spelling rules, corrected by
 * WordNet's own exception lists (reversed: they map "sat" to "sit" and "calves" to "calf"). A noun
 * phrase inflects its last word ("adult males"), a verb phrase its first ("sitting down").
 */
final class Inflector {
  /** One vowel group closed by one consonant: "sit", "stop", "run" double it before -ing/-ed. */
  private static final Pattern SHORT_CLOSED_SYLLABLE =
      Pattern.compile("[^aeiou]*[aeiou][^aeiouwxy]");

  private final Map<String, List<String>> irregularPlurals;
  private final Map<String, List<String>> irregularVerbForms;

  private Inflector(
      Map<String, List<String>> irregularPlurals, Map<String, List<String>> irregularVerbForms) {
    this.irregularPlurals = irregularPlurals;
    this.irregularVerbForms = irregularVerbForms;
  }

  /** An inflector with {@code dictionary}'s noun and verb exception lists. */
  static Inflector fromWordNet(Dictionary dictionary) throws JWNLException {
    return new Inflector(reversed(dictionary, POS.NOUN), reversed(dictionary, POS.VERB));
  }

  /** Base form to its irregular forms, each list sorted. */
  private static Map<String, List<String>> reversed(Dictionary dictionary, POS pos)
      throws JWNLException {
    Map<String, List<String>> forms = new HashMap<>();
    Iterator<Exc> exceptions = dictionary.getExceptionIterator(pos);
    while (exceptions.hasNext()) {
      Exc exception = exceptions.next();
      for (String base : exception.getExceptions()) {
        forms.computeIfAbsent(base, b -> new ArrayList<>()).add(exception.getLemma());
      }
    }
    forms.replaceAll((base, list) -> { Collections.sort(list); return List.copyOf(list); });
    return Map.copyOf(forms);
  }

  /**
   * {@code lemma} (lower case) in {@code form}, or null if the form is not certain: a past form
   * of a verb whose past tense and past participle differ ("rode", "ridden"), or an inflection
   * the part of speech does not have.
   */
  @Nullable String inflect(String lemma, POS pos, WordForm form) {
    if (form == WordForm.BASE) {
      return lemma;
    }
    if (pos == POS.NOUN && form == WordForm.PLURAL) {
      int space = lemma.lastIndexOf(' ');
      return lemma.substring(0, space + 1) + plural(lemma.substring(space + 1));
    }
    if (pos == POS.VERB && form != WordForm.PLURAL) {
      int space = lemma.indexOf(' ');
      String head = space < 0 ? lemma : lemma.substring(0, space);
      String inflected = verb(head, form);
      return inflected == null ? null : inflected + (space < 0 ? "" : lemma.substring(space));
    }
    return null;
  }

  /**
   * The scene package's plural (which knows the common irregular nouns of captions), except that
   * WordNet's exceptions decide the -f/-fe/-o nouns ("calves", "hooves", "potatoes"). Its other
   * exceptions are often archaic or learned ("brethren", "pence", "busses", "cacti") and lose to
   * the regular rule.
   */
  private String plural(String noun) {
    String regular = CaptionRealizer.plural(noun);
    if (regular.endsWith("fs") || regular.endsWith("fes") || regular.endsWith("os")) {
      for (String irregular : irregularPlurals.getOrDefault(noun, List.of())) {
        if (irregular.endsWith("ves") || irregular.endsWith("oes")) {
          return irregular;
        }
      }
    }
    return regular;
  }

  private @Nullable String verb(String verb, WordForm form) {
    List<String> irregular = irregularVerbForms.getOrDefault(verb, List.of());
    switch (form) {
      case THIRD_PERSON:
        return thirdPerson(verb);
      case PRESENT_PARTICIPLE:
        for (String candidate : irregular) {
          if (candidate.endsWith("ing")) {
            return candidate;
          }
        }
        return presentParticiple(verb);
      case PAST:
        List<String> past = new ArrayList<>();
        for (String candidate : irregular) {
          if (!candidate.endsWith("ing") && !candidate.equals(thirdPerson(verb))) {
            past.add(candidate);
          }
        }
        if (past.size() > 1) {
          return null;
        }
        return past.isEmpty() ? regularPast(verb) : past.get(0);
      default:
        return null;
    }
  }

  static String thirdPerson(String verb) {
    if (endsWithAny(verb, "s", "x", "z", "ch", "sh", "o")) {
      return verb + "es";
    }
    if (consonantThenY(verb)) {
      return verb.substring(0, verb.length() - 1) + "ies";
    }
    return verb + "s";
  }

  static String presentParticiple(String verb) {
    if (verb.endsWith("ie")) {
      return verb.substring(0, verb.length() - 2) + "ying";
    }
    if (verb.length() > 2 && verb.endsWith("e") && !endsWithAny(verb, "ee", "ye", "oe")) {
      return verb.substring(0, verb.length() - 1) + "ing";
    }
    return doubled(verb) + "ing";
  }

  static String regularPast(String verb) {
    if (verb.endsWith("e")) {
      return verb + "d";
    }
    if (consonantThenY(verb)) {
      return verb.substring(0, verb.length() - 1) + "ied";
    }
    return doubled(verb) + "ed";
  }

  private static String doubled(String verb) {
    return SHORT_CLOSED_SYLLABLE.matcher(verb.toLowerCase(Locale.ROOT)).matches()
        ? verb + verb.charAt(verb.length() - 1)
        : verb;
  }

  private static boolean consonantThenY(String word) {
    return word.length() > 1 && word.endsWith("y")
        && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0;
  }

  private static boolean endsWithAny(String word, String... endings) {
    for (String ending : endings) {
      if (word.endsWith(ending)) {
        return true;
      }
    }
    return false;
  }
}
