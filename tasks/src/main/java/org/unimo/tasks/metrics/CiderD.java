package org.unimo.tasks.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D as the COCO caption evaluation computes it ({@code cider_scorer.py}, reported there as
 * "CIDEr"): for n = 1..4, TF-IDF vectors of n-gram counts, the candidate's entries clipped to the
 * reference's, cosine similarity times a Gaussian length penalty (sigma 6), averaged over the
 * references and over n, times 10, then averaged over images.
 *
 * <p>The document frequencies come from the references of the evaluated images themselves (an
 * n-gram's document count is the number of images with it in some reference, and the log of the
 * number of images is the IDF's numerator), so a score depends on which images are evaluated
 * together. Two details of the scorer are kept: the "length" in the penalty is the number of
 * bigrams of a caption (the scorer counts them where it means words; they differ only for an
 * empty caption), and an n-gram no reference has gets document frequency 1.
 *
 * <pre>{@code
 * double cider = CiderD.score(tokenizedExamples);   // about 0.9 for a decent captioner on COCO
 * }</pre>
 */
public final class CiderD {
  static final int N = 4;
  static final double SIGMA = 6.0;

  private CiderD() {}

  /** The corpus score: the mean of {@link #perImage}. */
  public static double score(List<CaptionExample> examples) {
    double[] scores = perImage(examples);
    double sum = 0;
    for (double s : scores) {
      sum += s;
    }
    return sum / scores.length;
  }

  /** Each image's CIDEr-D, in the order of {@code examples}. */
  public static double[] perImage(List<CaptionExample> examples) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("CIDEr-D needs at least one image");
    }
    List<List<List<Map<String, Integer>>>> references = new java.util.ArrayList<>();
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (CaptionExample example : examples) {
      List<List<Map<String, Integer>>> counts = new java.util.ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String reference : example.references()) {
        List<Map<String, Integer>> grams = NGrams.count(PyText.split(reference), N);
        counts.add(grams);
        grams.forEach(g -> seen.addAll(g.keySet()));
      }
      seen.forEach(gram -> documentFrequency.merge(gram, 1, Integer::sum));
      references.add(counts);
    }
    double logImages = Math.log(examples.size());
    double[] scores = new double[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      Vector candidate = Vector.of(NGrams.count(PyText.split(examples.get(i).candidate()), N), documentFrequency, logImages);
      double[] sum = new double[N];
      for (List<Map<String, Integer>> counts : references.get(i)) {
        Vector reference = Vector.of(counts, documentFrequency, logImages);
        double delta = candidate.length - reference.length;
        double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
        for (int n = 0; n < N; n++) {
          double dot = 0;
          for (Map.Entry<String, Double> entry : candidate.weights.get(n).entrySet()) {
            double r = reference.weights.get(n).getOrDefault(entry.getKey(), 0.0);
            dot += Math.min(entry.getValue(), r) * r;
          }
          if (candidate.norms[n] != 0 && reference.norms[n] != 0) {
            dot /= candidate.norms[n] * reference.norms[n];
          }
          sum[n] += dot * penalty;
        }
      }
      double mean = 0;
      for (double s : sum) {
        mean += s;
      }
      scores[i] = mean / N / references.get(i).size() * 10.0;
    }
    return scores;
  }

  /** TF-IDF weights per n-gram order, their norms, and the caption's bigram count. */
  private record Vector(List<Map<String, Double>> weights, double[] norms, int length) {
    static Vector of(List<Map<String, Integer>> counts, Map<String, Integer> documentFrequency, double logImages) {
      List<Map<String, Double>> weights = new java.util.ArrayList<>();
      double[] norms = new double[N];
      for (int n = 0; n < N; n++) {
        Map<String, Double> w = new HashMap<>();
        for (Map.Entry<String, Integer> gram : counts.get(n).entrySet()) {
          double idf = logImages - Math.log(Math.max(1.0, documentFrequency.getOrDefault(gram.getKey(), 0)));
          double weight = gram.getValue() * idf;
          w.put(gram.getKey(), weight);
          norms[n] += weight * weight;
        }
        weights.add(w);
        norms[n] = Math.sqrt(norms[n]);
      }
      int bigrams = counts.get(1).values().stream().mapToInt(Integer::intValue).sum();
      return new Vector(weights, norms, bigrams);
    }
  }
}
