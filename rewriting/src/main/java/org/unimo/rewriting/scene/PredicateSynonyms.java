package org.unimo.rewriting.scene;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.extjwnl.data.POS;

/**
 * When two relation predicates say the same thing: their verbs (if any) are the same or WordNet
 * synonyms, and their prepositions (if any) are the same or in one of the groups here ("next to",
 * "beside", "near"). WordNet has no prepositions, hence the groups.
 */
final class PredicateSynonyms {
  private static final Map<String, Integer> GROUPS = groups(
      List.of("near", "next to", "beside", "by", "close to", "alongside", "near to", "besides"),
      List.of("on", "on top of", "atop", "upon", "onto", "on to"),
      List.of("under", "below", "beneath", "underneath"),
      List.of("above", "over"),
      List.of("in", "inside", "within", "inside of", "into", "in to"),
      List.of("in front of", "before"),
      List.of("behind", "in back of", "in the back of"),
      List.of("with", "along with", "together with"),
      List.of("to the left of", "on the left of", "on the left side of"),
      List.of("to the right of", "on the right of", "on the right side of"),
      List.of("in the middle of", "in the center of", "amid", "among", "between", "in between"),
      List.of("toward", "towards"),
      List.of("through", "via"));

  private final WordNetLexicon lexicon;

  PredicateSynonyms(WordNetLexicon lexicon) {
    this.lexicon = lexicon;
  }

  boolean synonyms(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    String[] first = split(a);
    String[] second = split(b);
    boolean verbs = first[0].equals(second[0])
        || !first[0].isEmpty() && !second[0].isEmpty() && lexicon.synonyms(POS.VERB, first[0], second[0]);
    if (!verbs) {
      return false;
    }
    if (first[1].equals(second[1])) {
      return true;
    }
    Integer g = GROUPS.get(first[1]);
    return g != null && g.equals(GROUPS.get(second[1]));
  }

  /** {verb lemma or "", the rest}: "sitting next to" -> {"sit", "next to"}. */
  private String[] split(String predicate) {
    int space = predicate.indexOf(' ');
    String first = space < 0 ? predicate : predicate.substring(0, space);
    String verb = lexicon.info(first).verbLemma();
    if (verb == null || GROUPS.containsKey(predicate) || Tagger.isPreposition(first)) {
      return new String[] {"", predicate};
    }
    return new String[] {verb, space < 0 ? "" : predicate.substring(space + 1)};
  }

  @SafeVarargs
  private static Map<String, Integer> groups(List<String>... groups) {
    Map<String, Integer> index = new HashMap<>();
    for (int g = 0; g < groups.length; g++) {
      for (String p : groups[g]) {
        index.put(p, g);
      }
    }
    return Map.copyOf(index);
  }
}
