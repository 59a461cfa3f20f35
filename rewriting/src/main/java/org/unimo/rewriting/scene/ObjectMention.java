package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where one object of a {@link ParsedCaption} was written: the noun phrase "a small red circle"
 * has the article "a", the attributes "small" (size) and "red" (color) and the noun "circle".
 *
 * @param phrase the whole noun phrase, determiner included
 * @param noun the head noun; two tokens for a WordNet compound ("hot dog")
 * @param article the token "a" or "an" right before the first attribute or the noun, or null;
 *     a rewrite of that word rewrites the article too
 * @param attributes the attributes in reading order, one per attribute of the object
 * @param use how the noun is used (number and determiner)
 * @param count how many objects the phrase names: 1 for "a man", 2 for "two dogs", 0 for a
 *     plural without a number ("people")
 */
public record ObjectMention(
    Span phrase, Span noun, @Nullable Span article, List<AttributeMention> attributes, NounUse use, int count) {
  public ObjectMention {
    requireNonNull(phrase, "phrase");
    requireNonNull(noun, "noun");
    attributes = List.copyOf(attributes);
    requireNonNull(use, "use");
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count);
    }
  }

  /** Whether the noun is written in the plural. */
  public boolean plural() {
    return use == NounUse.PLURAL;
  }
}
