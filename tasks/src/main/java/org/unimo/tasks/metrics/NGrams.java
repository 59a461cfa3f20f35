package org.unimo.tasks.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The 1- to n-gram counts of a token list, which BLEU and CIDEr-D compare (n-grams as space-joined keys). */
final class NGrams {
  private NGrams() {}

  /** {@code counts.get(k - 1)}: how often each k-gram occurs, for k = 1..n. */
  static List<Map<String, Integer>> count(List<String> words, int n) {
    List<Map<String, Integer>> counts = new java.util.ArrayList<>(n);
    for (int k = 1; k <= n; k++) {
      Map<String, Integer> grams = new HashMap<>();
      for (int i = 0; i + k <= words.size(); i++) {
        grams.merge(String.join(" ", words.subList(i, i + k)), 1, Integer::sum);
      }
      counts.add(grams);
    }
    return counts;
  }
}
