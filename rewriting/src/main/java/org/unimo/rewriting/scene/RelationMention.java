package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

/**
 * Where the predicate of one relation of a {@link ParsedCaption} was written.
 *
 * @param predicate the predicate's tokens ("rides", "standing near", "to the left of")
 * @param form the predicate's form, by its first verb
 * @param shared whether other relations share these tokens ("a man and a woman sitting on a
 *     bench", "a plate with broccoli and rice"); rewriting them would change every such relation
 */
public record RelationMention(Span predicate, PredicateForm form, boolean shared) {
  public RelationMention {
    requireNonNull(predicate, "predicate");
    requireNonNull(form, "form");
  }
}
