package org.unimo.tasks.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-1..4 as the COCO caption evaluation computes it ({@code bleu_scorer.py}): clipped
 * n-gram matches and n-gram counts summed over all images before the geometric mean, the reference
 * length of each image the one closest to its candidate's length (the shorter one on a tie), and
 * the scorer's smoothing: {@code 1e-15} added to every match count and {@code 1e-9} to every
 * n-gram count, so that BLEU-4 of a corpus without a matching 4-gram is tiny, not an error.
 *
 * <p>The inputs are tokenized captions ({@link PtbTokenizer}); words are what Python's {@code
 * split()} gives.
 *
 * <pre>{@code
 * Bleu.Result bleu = Bleu.score(examples);   // bleu.bleu(4) is BLEU-4 in [0, 1]
 * }</pre>
 */
public final class Bleu {
  static final int N = 4;
  private static final double TINY = 1e-15;
  private static final double SMALL = 1e-9;

  private Bleu() {}

  /**
   * BLEU-1..4 of a corpus.
   *
   * @param values {@code values[k - 1]} is BLEU-k
   * @param candidateLength total candidate words
   * @param referenceLength total effective reference words
   */
  public record Result(double[] values, long candidateLength, long referenceLength) {
    public Result {
      values = values.clone();
    }

    /** BLEU-k, k = 1..4. */
    public double bleu(int k) {
      return values[k - 1];
    }

    @Override
    public double[] values() {
      return values.clone();
    }
  }

  public static Result score(List<CaptionExample> examples) {
    long[] correct = new long[N];
    long[] guess = new long[N];
    long testLength = 0;
    long refLength = 0;
    for (CaptionExample example : examples) {
      List<String> words = PyText.split(example.candidate());
      List<Map<String, Integer>> counts = NGrams.count(words, N);
      List<Map<String, Integer>> maxRef = maxReferenceCounts(example.references());
      int closest = -1;
      for (String reference : example.references()) {
        int length = PyText.split(reference).size();
        int gap = Math.abs(length - words.size());
        int best = Math.abs(closest - words.size());
        if (closest < 0 || gap < best || (gap == best && length < closest)) {
          closest = length;
        }
      }
      testLength += words.size();
      refLength += closest;
      for (int k = 0; k < N; k++) {
        guess[k] += Math.max(0, words.size() - k);
        for (Map.Entry<String, Integer> gram : counts.get(k).entrySet()) {
          correct[k] += Math.min(gram.getValue(), maxRef.get(k).getOrDefault(gram.getKey(), 0));
        }
      }
    }
    double[] values = new double[N];
    double product = 1;
    double ratio = (testLength + TINY) / (refLength + SMALL);
    for (int k = 0; k < N; k++) {
      product *= (correct[k] + TINY) / (guess[k] + SMALL);
      values[k] = Math.pow(product, 1.0 / (k + 1));
      if (ratio < 1) {
        values[k] *= Math.exp(1 - 1 / ratio);
      }
    }
    return new Result(values, testLength, refLength);
  }

  /** For each n-gram, the most times any one reference has it: the clip for the candidate's count. */
  private static List<Map<String, Integer>> maxReferenceCounts(List<String> references) {
    List<Map<String, Integer>> max = new java.util.ArrayList<>();
    for (int k = 0; k < N; k++) {
      max.add(new HashMap<>());
    }
    for (String reference : references) {
      List<Map<String, Integer>> counts = NGrams.count(PyText.split(reference), N);
      for (int k = 0; k < N; k++) {
        Map<String, Integer> into = max.get(k);
        counts.get(k).forEach((gram, count) -> into.merge(gram, count, Math::max));
      }
    }
    return max;
  }
}
