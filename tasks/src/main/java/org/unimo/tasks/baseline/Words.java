package org.unimo.tasks.baseline;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tokenization of {@link BagOfWords}: a word is a maximal run of letters and digits ({@link
 * Character#isLetterOrDigit(int)}, any script), each code point lowercased by {@link
 * Character#toLowerCase(int)}; everything else separates words and is dropped. So {@code "Don't
 * e-mail $3.50!"} is {@code don, t, e, mail, 3, 50}.
 */
final class Words {
  /** What the words of a pair's second text start with, so that they stay apart from the first's. */
  static final String SECOND_PREFIX = "b:";

  private Words() {}

  /** The words of {@code text}, in order, repeats kept. */
  static List<String> of(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        word.appendCodePoint(Character.toLowerCase(c));
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * The words of a text, then those of the pair's second text (when there is one) each prefixed
   * with {@value #SECOND_PREFIX}: a word never contains {@code ':'}, so the two never collide.
   */
  static List<String> of(String text, @Nullable String second) {
    List<String> words = of(text);
    if (second != null) {
      for (String word : of(second)) {
        words.add(SECOND_PREFIX + word);
      }
    }
    return words;
  }
}
