package org.unimo.tasks.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * ROUGE-L as the COCO caption evaluation computes it ({@code rouge.py}): the longest common
 * subsequence of candidate and reference tokens gives a precision and a recall per reference; the
 * best precision and the best recall over the references (each maximised on its own, possibly from
 * different references) make an F-measure with beta 1.2; the corpus score is the mean over images.
 *
 * <p>Tokens are what Python's {@code split(" ")} gives, so an empty caption is one empty token,
 * as in the scorer.
 */
public final class RougeL {
  static final double BETA = 1.2;

  private RougeL() {}

  public static double score(List<CaptionExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("ROUGE-L needs at least one image");
    }
    double sum = 0;
    for (CaptionExample example : examples) {
      sum += score(example.candidate(), example.references());
    }
    return sum / examples.size();
  }

  /** One image's ROUGE-L. */
  public static double score(String candidate, List<String> references) {
    List<String> c = Arrays.asList(candidate.split(" ", -1));
    double precision = 0;
    double recall = 0;
    for (String reference : references) {
      List<String> r = Arrays.asList(reference.split(" ", -1));
      int lcs = lcs(r, c);
      precision = Math.max(precision, (double) lcs / c.size());
      recall = Math.max(recall, (double) lcs / r.size());
    }
    if (precision == 0 || recall == 0) {
      return 0;
    }
    double b2 = BETA * BETA;
    return (1 + b2) * precision * recall / (recall + b2 * precision);
  }

  static int lcs(List<String> a, List<String> b) {
    int[] previous = new int[b.size() + 1];
    int[] current = new int[b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        current[j] = a.get(i - 1).equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.size()];
  }
}
