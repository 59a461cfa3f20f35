package org.unimo.rewriting.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Caption-like sentences over a pseudo-word lexicon with Zipfian word frequencies, seeded so that
 * every run sees the same text. The lexicon is large enough that a 4000-entry vocabulary can be
 * learned without running out of repeated pairs.
 */
final class SyntheticCorpus {
  private static final String[] ONSETS = {
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br",
    "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "st", "th", "tr", ""
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou"};
  private static final String[] CODAS = {"", "", "n", "r", "s", "t", "l", "ng", "ck", "st", "m"};
  private static final String[] PUNCT = {".", ".", ".", "!", "?", ","};

  private SyntheticCorpus() {}

  static List<String> sentences(int count, long seed) {
    Random rnd = new Random(seed);
    String[] lexicon = new String[6000];
    for (int i = 0; i < lexicon.length; i++) {
      StringBuilder w = new StringBuilder();
      int syllables = 1 + rnd.nextInt(3);
      for (int s = 0; s < syllables; s++) {
        w.append(ONSETS[rnd.nextInt(ONSETS.length)])
            .append(VOWELS[rnd.nextInt(VOWELS.length)])
            .append(CODAS[rnd.nextInt(CODAS.length)]);
      }
      lexicon[i] = w.toString();
    }
    // Zipf(1) over ranks via the cumulative harmonic weights.
    double[] cumulative = new double[lexicon.length];
    double total = 0;
    for (int i = 0; i < lexicon.length; i++) {
      total += 1.0 / (i + 1);
      cumulative[i] = total;
    }
    List<String> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      StringBuilder sb = new StringBuilder();
      int words = 6 + rnd.nextInt(8);
      for (int j = 0; j < words; j++) {
        double u = rnd.nextDouble() * total;
        int lo = 0;
        int hi = lexicon.length - 1;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (cumulative[mid] < u) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        String word = lexicon[lo];
        if (j == 0) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        } else {
          sb.append(' ');
        }
        sb.append(word);
        if (rnd.nextInt(20) == 0) {
          sb.append(' ').append(rnd.nextInt(100));
        }
      }
      sb.append(PUNCT[rnd.nextInt(PUNCT.length)]);
      out.add(sb.toString());
    }
    return out;
  }
}
