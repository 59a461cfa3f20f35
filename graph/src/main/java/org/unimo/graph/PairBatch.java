package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.unimo.graph.objective.Draws;

/**
 * Image-text pairs: row i of {@code text} describes row i of {@code image}.
 *
 * @param ids row i's image, by index in the data source's pairs
 * @param captions row i's caption, by index among its image's captions
 * @param samples the data source's sample sets of these pairs, or null when it has none
 */
public record PairBatch(
    TextBatch text, ImageBatch image, int[] ids, int[] captions, @Nullable SampleSetSource samples) {
  public PairBatch {
    requireNonNull(text, "text");
    requireNonNull(image, "image");
    if (text.size() != image.size() || ids.length != text.size() || captions.length != text.size()) {
      throw new IllegalArgumentException("a pair batch needs as many texts, images, ids and captions");
    }
  }

  /** Where the sample sets of a pair batch come from (caption rewriting and retrieval). */
  @FunctionalInterface
  public interface SampleSetSource {
    /** The declared number of samples of each kind per pair of {@code pairs}, drawn with {@code draws}. */
    SampleSetBatch draw(PairBatch pairs, Draws draws);
  }

  /** The sample sets of these pairs, drawn with {@code draws}. */
  public SampleSetBatch sampleSets(Draws draws) {
    if (samples == null) {
      throw new IllegalStateException("the data source prepared no sample sets");
    }
    return samples.draw(this, draws);
  }

  /** Pairs {@code from} to {@code from + count - 1}, with the same sample-set source. */
  public PairBatch rows(int from, int count) {
    return new PairBatch(
        text.rows(from, count),
        image.rows(from, count),
        java.util.Arrays.copyOfRange(ids, from, from + count),
        java.util.Arrays.copyOfRange(captions, from, from + count),
        samples);
  }
}
