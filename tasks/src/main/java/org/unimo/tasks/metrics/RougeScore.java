package org.unimo.tasks.metrics;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ROUGE-1, ROUGE-2 and ROUGE-Lsum F-measures as Google's {@code rouge-score} package (0.1.2,
 * {@code rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=stem)}) computes
 * them, the scores summarization papers report.
 *
 * <ul>
 *   <li>Tokens: the text lower-cased, every character other than {@code a-z} and {@code 0-9} a
 *       space, split on spaces; with stemming, tokens longer than three characters go through
 *       {@link PorterStemmer} (NLTK's default Porter stemmer, the one the package uses).
 *   <li>ROUGE-N: n-gram counts of the prediction clipped by those of the reference give the
 *       overlap; precision divides it by the prediction's n-gram count, recall by the reference's
 *       (each at least 1); F is their harmonic mean, 0 when both are 0.
 *   <li>ROUGE-Lsum: the texts are split into sentences at {@code '\n'} (empty pieces dropped) and
 *       tokenized sentence by sentence. For each reference sentence, one longest common subsequence
 *       with each prediction sentence is read out of the LCS table (the package's backtrack, which
 *       on a tie steps back in the reference sentence), and their union over the prediction's
 *       sentences is taken; each token of that union is a hit while both texts still have an
 *       unused occurrence of it, as ROUGE-1.5.5 counts. Recall is hits over the reference's tokens,
 *       precision hits over the prediction's; F their harmonic mean. A text with no sentences or
 *       no tokens scores 0.
 *   <li>A corpus score is the plain mean of the examples' F-measures: what the package's {@code
 *       BootstrapAggregator} reports as {@code mid} without the resampling.
 * </ul>
 *
 * <pre>{@code
 * RougeScore.f("the cat sat", "the cat sat down", false)  // {0.857.., 0.8, 0.857..}
 * RougeScore.Result r = RougeScore.score(predictions, references, true);  // r.rougeLsum()
 * }</pre>
 */
public final class RougeScore {
  /** The mean F-measures over {@code examples} prediction and reference pairs, as fractions. */
  public record Result(double rouge1, double rouge2, double rougeLsum, int examples) {}

  private RougeScore() {}

  /**
   * The mean ROUGE-1, ROUGE-2 and ROUGE-Lsum F-measures of predictions against references, pair
   * by pair; {@code stem} turns on Porter stemming.
   */
  public static Result score(List<String> predictions, List<String> references, boolean stem) {
    if (predictions.size() != references.size()) {
      throw new IllegalArgumentException(predictions.size() + " predictions for " + references.size() + " references");
    }
    if (predictions.isEmpty()) {
      throw new IllegalArgumentException("ROUGE needs at least one prediction");
    }
    double[] sums = new double[3];
    for (int i = 0; i < predictions.size(); i++) {
      double[] f = f(predictions.get(i), references.get(i), stem);
      for (int k = 0; k < sums.length; k++) {
        sums[k] += f[k];
      }
    }
    int n = predictions.size();
    return new Result(sums[0] / n, sums[1] / n, sums[2] / n, n);
  }

  /** The ROUGE-1, ROUGE-2 and ROUGE-Lsum F-measures of one prediction against its reference, in that order. */
  public static double[] f(String prediction, String reference, boolean stem) {
    List<String> predicted = tokens(prediction, stem);
    List<String> target = tokens(reference, stem);
    return new double[] {rougeN(predicted, target, 1), rougeN(predicted, target, 2), rougeLsum(sentences(prediction, stem), sentences(reference, stem))};
  }

  /** The package's default tokenizer. */
  static List<String> tokens(String text, boolean stem) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      char c = i < lower.length() ? lower.charAt(i) : ' ';
      boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (kept && start < 0) {
        start = i;
      } else if (!kept && start >= 0) {
        String token = lower.substring(start, i);
        tokens.add(stem && token.length() > 3 ? PorterStemmer.stem(token) : token);
        start = -1;
      }
    }
    return tokens;
  }

  private static List<List<String>> sentences(String text, boolean stem) {
    List<List<String>> out = new ArrayList<>();
    for (String sentence : text.split("\n", -1)) {
      if (!sentence.isEmpty()) {
        out.add(tokens(sentence, stem));
      }
    }
    return out;
  }

  private static double rougeN(List<String> prediction, List<String> reference, int n) {
    Map<String, Integer> predicted = ngrams(prediction, n);
    Map<String, Integer> target = ngrams(reference, n);
    int overlap = 0;
    for (Map.Entry<String, Integer> gram : target.entrySet()) {
      overlap += Math.min(gram.getValue(), predicted.getOrDefault(gram.getKey(), 0));
    }
    double precision = (double) overlap / Math.max(Math.max(prediction.size() - n + 1, 0), 1);
    double recall = (double) overlap / Math.max(Math.max(reference.size() - n + 1, 0), 1);
    return fmeasure(precision, recall);
  }

  /** N-gram counts; tokens hold only a-z and 0-9, so a space joins them unambiguously. */
  private static Map<String, Integer> ngrams(List<String> tokens, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i + n <= tokens.size(); i++) {
      counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
    }
    return counts;
  }

  private static double rougeLsum(List<List<String>> prediction, List<List<String>> reference) {
    if (prediction.isEmpty() || reference.isEmpty()) {
      return 0;
    }
    int predictedTokens = 0;
    Map<String, Integer> unusedPredicted = new HashMap<>();
    for (List<String> sentence : prediction) {
      predictedTokens += sentence.size();
      for (String token : sentence) {
        unusedPredicted.merge(token, 1, Integer::sum);
      }
    }
    int referenceTokens = 0;
    Map<String, Integer> unusedReference = new HashMap<>();
    for (List<String> sentence : reference) {
      referenceTokens += sentence.size();
      for (String token : sentence) {
        unusedReference.merge(token, 1, Integer::sum);
      }
    }
    if (predictedTokens == 0 || referenceTokens == 0) {
      return 0;
    }
    int hits = 0;
    for (List<String> sentence : reference) {
      BitSet union = new BitSet(sentence.size());
      for (List<String> candidate : prediction) {
        union.or(lcsPositions(sentence, candidate));
      }
      for (int i = union.nextSetBit(0); i >= 0; i = union.nextSetBit(i + 1)) {
        String token = sentence.get(i);
        if (unusedPredicted.getOrDefault(token, 0) > 0 && unusedReference.getOrDefault(token, 0) > 0) {
          hits++;
          unusedPredicted.merge(token, -1, Integer::sum);
          unusedReference.merge(token, -1, Integer::sum);
        }
      }
    }
    return fmeasure((double) hits / predictedTokens, (double) hits / referenceTokens);
  }

  /**
   * The positions in {@code reference} of one longest common subsequence with {@code candidate}:
   * the one the package reads back from the table, walking from the end and, where both
   * neighbours tie, dropping a reference token rather than a candidate token.
   */
  static BitSet lcsPositions(List<String> reference, List<String> candidate) {
    int rows = reference.size();
    int cols = candidate.size();
    int[][] table = new int[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) {
        table[i][j] = reference.get(i - 1).equals(candidate.get(j - 1)) ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
      }
    }
    BitSet positions = new BitSet(rows);
    int i = rows;
    int j = cols;
    while (i > 0 && j > 0) {
      if (reference.get(i - 1).equals(candidate.get(j - 1))) {
        positions.set(i - 1);
        i--;
        j--;
      } else if (table[i][j - 1] > table[i - 1][j]) {
        j--;
      } else {
        i--;
      }
    }
    return positions;
  }

  private static double fmeasure(double precision, double recall) {
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  }
}
