package org.unimo.tasks.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's whitespace rules, which the official scorers rely on: {@code str.split()} and {@code
 * str.strip()} cut at Unicode whitespace in Python 3 (a non-breaking space too, which Java's
 * {@link Character#isWhitespace} leaves alone).
 */
final class PyText {
  private PyText() {}

  /** Python 3's {@code str.isspace()} for one character. */
  static boolean isSpace(char c) {
    return switch (c) {
      case '\t', '\n', '\u000B', '\u000C', '\r', '\u001C', '\u001D', '\u001E', '\u001F', ' ', '\u0085', '\u00A0', '\u1680',
          '\u2028', '\u2029', '\u202F', '\u205F', '\u3000' -> true;
      default -> c >= '\u2000' && c <= '\u200A';
    };
  }

  /** {@code s.split()}: the runs of non-space characters. */
  static List<String> split(String s) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      boolean space = i == s.length() || isSpace(s.charAt(i));
      if (space && start >= 0) {
        words.add(s.substring(start, i));
        start = -1;
      } else if (!space && start < 0) {
        start = i;
      }
    }
    return words;
  }

  /** {@code s.strip()}. */
  static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }
}
