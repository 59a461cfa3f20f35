package org.unimo.tasks.metrics;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Recall at K for retrieval: the share of queries with at least one relevant item among their
 * first K results, for K = 1, 5 and 10 (image-text retrieval reports R@1, R@5, R@10 in each
 * direction, each direction scored on its own).
 *
 * <pre>{@code
 * RecallAtK.Result r = RecallAtK.ofRankings(ranked, relevant);   // r.r1(), r.r5(), r.r10()
 * }</pre>
 */
public final class RecallAtK {
  private RecallAtK() {}

  /** R@1, R@5, R@10 over {@code queries} queries. */
  public record Result(double r1, double r5, double r10, int queries) {}

  /**
   * From ranked lists.
   *
   * @param ranked each query's results, best first
   * @param relevant each query's relevant items (at least one), same order
   */
  public static <T> Result ofRankings(List<? extends List<T>> ranked, List<? extends Collection<T>> relevant) {
    Labels.checkPaired(ranked.size(), relevant.size());
    int[] hits = new int[3];
    int[] ks = {1, 5, 10};
    for (int q = 0; q < ranked.size(); q++) {
      Set<T> wanted = Set.copyOf(relevant.get(q));
      int first = firstRelevant(ranked.get(q), wanted);
      for (int i = 0; i < ks.length; i++) {
        if (first >= 0 && first < ks[i]) {
          hits[i]++;
        }
      }
    }
    int n = ranked.size();
    return new Result((double) hits[0] / n, (double) hits[1] / n, (double) hits[2] / n, n);
  }

  /**
   * From a score matrix: {@code scores[q][c]} is how well candidate c answers query q; candidates
   * are ranked by score, highest first, equal scores by index (the lower first).
   */
  public static Result ofScores(float[][] scores, List<? extends Collection<Integer>> relevant) {
    List<List<Integer>> ranked = new java.util.ArrayList<>();
    for (float[] row : scores) {
      Integer[] order = new Integer[row.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -row[i]));
      ranked.add(Arrays.asList(order));
    }
    return ofRankings(ranked, relevant);
  }

  private static <T> int firstRelevant(List<T> ranked, Set<T> relevant) {
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant.contains(ranked.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
