package org.unimo.rewriting.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's pre-tokenization: splits text into contractions, letter runs, digit runs, runs of other
 * symbols, and whitespace, each word keeping one leading space.
 *
 * <p>BPE merges never cross these boundaries, which keeps the vocabulary from spending entries on
 * combinations such as {@code "dog."} and {@code "dog!"}, and makes a leading space the mark of a
 * word start (see {@link Tokenizer#startsWord(int)}).
 */
final class PreTokenizer {
  /**
   * GPT-2's pattern. {@code UNICODE_CHARACTER_CLASS} makes {@code \s} cover Unicode whitespace, as
   * Python's {@code regex} module does; the alternatives together match every code point, unpaired
   * surrogates included, so the pieces always concatenate back to the input.
   */
  private static final Pattern GPT2_SPLIT =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  private PreTokenizer() {}

  /** Returns the pieces of {@code text} in order; their concatenation equals {@code text}. */
  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = GPT2_SPLIT.matcher(text);
    int end = 0;
    while (m.find()) {
      if (m.start() > end) {
        // Unreachable with this pattern; kept so that a future pattern edit cannot drop text.
        pieces.add(text.substring(end, m.start()));
      }
      pieces.add(m.group());
      end = m.end();
    }
    if (end < text.length()) {
      pieces.add(text.substring(end));
    }
    return pieces;
  }
}
