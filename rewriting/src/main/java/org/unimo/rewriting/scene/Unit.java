package org.unimo.rewriting.scene;

import org.jspecify.annotations.Nullable;

/**
 * A tagged word or multiword unit ("in front of", "a group of") over tokens {@code [start, end)}.
 *
 * @param start first token
 * @param end past the last token
 * @param kind the word class
 * @param text the unit's words in lower case, joined by single spaces
 * @param info WordNet's view of an open-class word; null for closed-class units
 * @param count for determiners: how many objects they announce (1 for "a", 2 for "two", 0 when
 *     unspecified, -1 for no number at all: "the", "his")
 */
record Unit(int start, int end, Kind kind, String text, @Nullable WordInfo info, int count) {

  /** Word classes of the tagger. */
  enum Kind {
    /** "a", "the", "two", "a group of": opens a noun phrase. */
    DETERMINER,
    /** "in", "next to", "to the left of". */
    PREPOSITION,
    /** "is", "are", "can": dropped from predicates. */
    AUXILIARY,
    /** "and", "or", "while". */
    CONJUNCTION,
    /** "who", "which", and "that" after a noun phrase. */
    RELATIVE,
    /** "there" before "is"/"are". */
    EXISTENTIAL,
    /** "he", "it", "them": not objects of the graph. */
    PRONOUN,
    /** A closed-class adverb ("very", "together") or a WordNet adverb and nothing else. */
    ADVERB,
    /** ",". */
    COMMA,
    /** ".", "!", "?", ";", ":" and other marks that end a clause. */
    BREAK,
    /** An open-class word; {@link #info} says what it can be. */
    WORD
  }

  boolean is(Kind k) {
    return kind == k;
  }

  WordInfo word() {
    if (info == null) {
      throw new IllegalStateException("\"" + text + "\" is a " + kind + ", not an open-class word");
    }
    return info;
  }
}
