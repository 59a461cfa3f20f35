package org.unimo.rewriting.scene;

import org.jspecify.annotations.Nullable;

/**
 * What WordNet says one lower-case word can be.
 *
 * @param nounLemma the singular noun this word is a form of, or null if it cannot be a noun
 * @param plural whether the word is a plural of {@code nounLemma}
 * @param nounSenses how many noun senses the lemma has (0 if none)
 * @param verbLemma the verb this word is a form of, or null if it cannot be a verb
 * @param verbForm the form of that verb; null exactly when {@code verbLemma} is
 * @param verbSenses how many verb senses the lemma has (0 if none)
 * @param adjective whether the word can be an adjective
 * @param adverb whether the word can be an adverb
 * @param known whether WordNet knows the word at all
 */
record WordInfo(
    @Nullable String nounLemma,
    boolean plural,
    int nounSenses,
    @Nullable String verbLemma,
    @Nullable PredicateForm verbForm,
    int verbSenses,
    boolean adjective,
    boolean adverb,
    boolean known) {

  boolean canBeNoun() {
    return nounLemma != null || !known;
  }

  boolean canBeVerb() {
    return verbLemma != null;
  }

  /** An adverb and nothing else ("very", "together"). */
  boolean onlyAdverb() {
    return adverb && nounLemma == null && verbLemma == null && !adjective;
  }
}
