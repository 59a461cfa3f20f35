package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

/**
 * One word or punctuation mark of a caption, with where it sits in the caption's text so that a
 * rewrite can replace it and keep everything around it verbatim.
 *
 * @param text the token as written
 * @param start offset of its first character in the caption
 * @param end offset just past its last character
 */
public record Token(String text, int start, int end) {
  public Token {
    requireNonNull(text, "text");
    if (start < 0 || end - start != text.length()) {
      throw new IllegalArgumentException("token \"" + text + "\" cannot span " + start + ".." + end);
    }
  }
}
