package org.unimo.tasks.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CoQA's F1 as its official evaluation script ({@code evaluate-v1.0.py}) computes it, as a
 * fraction: the script prints {@code f1} multiplied by 100 and rounded to one decimal, so 0.8123
 * here is its 81.2.
 *
 * <ul>
 *   <li>Normalization: lower-case; delete ASCII punctuation (Python's {@code string.punctuation});
 *       replace each whole word {@code a}, {@code an} or {@code the} by a space, a word being a run
 *       of letters, digits and underscores in Unicode's sense as Python's {@code \b} sees it (so
 *       {@code a’s}, with a typographic apostrophe, loses its {@code a}); split on whitespace.
 *   <li>Token F1: tokens shared, counted with multiplicity, give precision and recall. When either
 *       side has no tokens left, F1 is 1 if both have none and 0 otherwise.
 *   <li>A question with several gold answers (CoQA's dev set has four) scores the mean, over each
 *       gold answer left out in turn, of the best F1 against the others: the same protocol as the
 *       human score it is compared with. With one gold answer it is the F1 against it.
 *   <li>The corpus score is the mean over questions (the script's {@code overall}, when every
 *       question has a prediction).
 * </ul>
 *
 * <pre>{@code
 * CoqaF1.f1("a white cat", List.of("white", "white", "white kitten", "white"))  // 0.6666..
 * }</pre>
 */
public final class CoqaF1 {
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private CoqaF1() {}

  /** The mean F1 over questions; {@code golds.get(i)} are the gold answers of prediction {@code i}. */
  public static double score(List<String> predictions, List<List<String>> golds) {
    if (predictions.size() != golds.size()) {
      throw new IllegalArgumentException(predictions.size() + " predictions for " + golds.size() + " questions");
    }
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("CoQA F1 needs at least one question");
    }
    double sum = 0;
    for (int i = 0; i < predictions.size(); i++) {
      sum += f1(predictions.get(i), golds.get(i));
    }
    return sum / predictions.size();
  }

  /** One question's F1 against its gold answers, leave-one-out when there are several. */
  public static double f1(String prediction, List<String> golds) {
    if (golds.isEmpty()) {
      throw new IllegalArgumentException("a question needs at least one gold answer");
    }
    List<String> predicted = tokens(prediction);
    List<List<String>> gold = new ArrayList<>();
    for (String answer : golds) {
      gold.add(tokens(answer));
    }
    if (gold.size() == 1) {
      return tokenF1(gold.get(0), predicted);
    }
    double sum = 0;
    for (int left = 0; left < gold.size(); left++) {
      double best = 0;
      for (int i = 0; i < gold.size(); i++) {
        if (i != left) {
          best = Math.max(best, tokenF1(gold.get(i), predicted));
        }
      }
      sum += best;
    }
    return sum / gold.size();
  }

  /** The normalized answer's tokens. */
  static List<String> tokens(String answer) {
    String lower = answer.toLowerCase(Locale.ROOT);
    StringBuilder kept = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (PUNCTUATION.indexOf(c) < 0) {
        kept.append(c);
      }
    }
    String text = withoutArticles(kept.toString());
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= text.length(); ) {
      int cp = i < text.length() ? text.codePointAt(i) : ' ';
      boolean space = isPythonSpace(cp);
      if (!space && start < 0) {
        start = i;
      } else if (space && start >= 0) {
        tokens.add(text.substring(start, i));
        start = -1;
      }
      i += i < text.length() ? Character.charCount(cp) : 1;
    }
    return tokens;
  }

  /** The script's {@code re.sub(r'\b(a|an|the)\b', ' ', text)}: a whole word that is an article becomes a space. */
  private static String withoutArticles(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      if (!isPythonWordChar(cp)) {
        out.appendCodePoint(cp);
        i += Character.charCount(cp);
        continue;
      }
      int end = i;
      while (end < text.length() && isPythonWordChar(text.codePointAt(end))) {
        end += Character.charCount(text.codePointAt(end));
      }
      String word = text.substring(i, end);
      out.append(word.equals("a") || word.equals("an") || word.equals("the") ? " " : word);
      i = end;
    }
    return out.toString();
  }

  /**
   * Python's {@code \w} on str patterns: {@code str.isalnum()} (letters and anything with a
   * numeric value) or the underscore.
   */
  private static boolean isPythonWordChar(int cp) {
    if (cp == '_' || Character.isLetter(cp) || Character.isDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  /** Python's {@code str.isspace()}, which {@code str.split()} splits on. */
  private static boolean isPythonSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85 || Character.isSpaceChar(cp);
  }

  private static double tokenF1(List<String> gold, List<String> predicted) {
    if (gold.isEmpty() || predicted.isEmpty()) {
      return gold.isEmpty() && predicted.isEmpty() ? 1 : 0;
    }
    Map<String, Integer> goldCounts = new HashMap<>();
    for (String token : gold) {
      goldCounts.merge(token, 1, Integer::sum);
    }
    int same = 0;
    for (String token : predicted) {
      Integer left = goldCounts.get(token);
      if (left != null && left > 0) {
        same++;
        goldCounts.put(token, left - 1);
      }
    }
    if (same == 0) {
      return 0;
    }
    double precision = (double) same / predicted.size();
    double recall = (double) same / gold.size();
    return 2 * precision * recall / (precision + recall);
  }
}
