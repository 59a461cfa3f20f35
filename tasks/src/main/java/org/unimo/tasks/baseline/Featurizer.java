package org.unimo.tasks.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A vocabulary taken from training documents and the sparse vectors of documents over it. Words
 * outside the vocabulary are dropped.
 */
final class Featurizer {
  /** How a word's count in a document becomes its feature value. */
  enum Weighting {
    /** The count itself (naive Bayes). */
    COUNTS,
    /** 1 for a word present, whatever its count. */
    BINARY,
    /**
     * {@code count * idf}, {@code idf = ln((1 + n) / (1 + df)) + 1} over the n training documents
     * (scikit-learn's smoothed idf), then the vector scaled to Euclidean length 1.
     */
    TF_IDF
  }

  /** A document's features: vocabulary indices in increasing order, and their values. */
  record Sparse(int[] indices, double[] values) {}

  private final List<String> words;
  private final Map<String, Integer> index;
  private final Weighting weighting;
  private final double[] idf;

  private Featurizer(List<String> words, Weighting weighting, double[] idf) {
    this.words = List.copyOf(words);
    this.index = new HashMap<>();
    for (int i = 0; i < this.words.size(); i++) {
      index.put(this.words.get(i), i);
    }
    this.weighting = weighting;
    this.idf = idf;
  }

  /**
   * The words occurring at least {@code minCount} times in all {@code documents} together, the
   * most frequent first (ties in {@link String} order), at most {@code maxVocabulary} of them (0
   * for no limit).
   *
   * @throws IllegalArgumentException if no word is frequent enough, with the numbers
   */
  static Featurizer fit(List<List<String>> documents, int minCount, int maxVocabulary, Weighting weighting) {
    // A TreeMap, so that the vocabulary's order never depends on hashing.
    Map<String, int[]> counts = new TreeMap<>();
    for (List<String> document : documents) {
      for (String word : document) {
        counts.computeIfAbsent(word, w -> new int[1])[0]++;
      }
    }
    List<Map.Entry<String, int[]>> kept = new ArrayList<>();
    for (Map.Entry<String, int[]> entry : counts.entrySet()) {
      if (entry.getValue()[0] >= minCount) {
        kept.add(entry);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "no word occurs %d times in the %d training texts (%d distinct words); lower minCount",
              minCount,
              documents.size(),
              counts.size()));
    }
    // Stable: equal counts keep the TreeMap's String order.
    kept.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
    if (maxVocabulary > 0 && kept.size() > maxVocabulary) {
      kept = kept.subList(0, maxVocabulary);
    }
    List<String> words = kept.stream().map(Map.Entry::getKey).toList();
    Featurizer vocabulary = new Featurizer(words, Weighting.COUNTS, new double[0]);
    if (weighting != Weighting.TF_IDF) {
      return new Featurizer(words, weighting, new double[0]);
    }
    double[] df = new double[words.size()];
    for (List<String> document : documents) {
      for (int i : vocabulary.vector(document).indices()) {
        df[i]++;
      }
    }
    double[] idf = new double[words.size()];
    for (int i = 0; i < idf.length; i++) {
      idf[i] = Math.log((1.0 + documents.size()) / (1.0 + df[i])) + 1.0;
    }
    return new Featurizer(words, weighting, idf);
  }

  /** The vocabulary, in feature order. */
  List<String> words() {
    return words;
  }

  int size() {
    return words.size();
  }

  /** The features of a document's words. */
  Sparse vector(List<String> document) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (String word : document) {
      Integer i = index.get(word);
      if (i != null) {
        counts.merge(i, 1, Integer::sum);
      }
    }
    int[] indices = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    double[] values = new double[indices.length];
    double squares = 0;
    for (int k = 0; k < indices.length; k++) {
      int count = counts.get(indices[k]);
      values[k] =
          switch (weighting) {
            case COUNTS -> count;
            case BINARY -> 1.0;
            case TF_IDF -> count * idf[indices[k]];
          };
      squares += values[k] * values[k];
    }
    if (weighting == Weighting.TF_IDF && squares > 0) {
      double norm = Math.sqrt(squares);
      for (int k = 0; k < values.length; k++) {
        values[k] /= norm;
      }
    }
    return new Sparse(indices, values);
  }

  /** The features of each document. */
  List<Sparse> vectors(List<List<String>> documents) {
    List<Sparse> vectors = new ArrayList<>(documents.size());
    for (List<String> document : documents) {
      vectors.add(vector(document));
    }
    return vectors;
  }
}
