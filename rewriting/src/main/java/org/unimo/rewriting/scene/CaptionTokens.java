package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a caption into tokens: runs of letters and digits (hyphens inside a word keep it whole:
 * "black-and-white"), a clitic after an apostrophe ("'s"), and every other visible character on
 * its own.
 */
final class CaptionTokens {
  private CaptionTokens() {}

  static List<Token> split(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (Character.isLetterOrDigit(c)) {
        i++;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i))
            || text.charAt(i) == '-' && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1)))) {
          i++;
        }
      } else if ((c == '\'' || c == '\u2019') && i + 1 < n && Character.isLetter(text.charAt(i + 1))
          && start > 0 && Character.isLetter(text.charAt(start - 1))) {
        i++;
        while (i < n && Character.isLetter(text.charAt(i))) {
          i++;
        }
      } else {
        i++;
      }
      tokens.add(new Token(text.substring(start, i), start, i));
    }
    return tokens;
  }
}
