package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.unimo.rewriting.samples.Sample;

/**
 * The hard negatives mined for one caption.
 *
 * @param index the caption's position in the corpus, from 0
 * @param caption the anchor caption
 * @param neighbours up to k captions of other images, best first, none a duplicate of the anchor
 */
public record MinedCaption(long index, Caption caption, List<Neighbour> neighbours) {
  public MinedCaption {
    requireNonNull(caption, "caption");
    neighbours = List.copyOf(neighbours);
  }

  /** The neighbours as {@link org.unimo.rewriting.samples.SampleKind#TFIDF} samples, best first. */
  public List<Sample> samples() {
    List<Sample> samples = new ArrayList<>(neighbours.size());
    for (Neighbour neighbour : neighbours) {
      samples.add(neighbour.toSample());
    }
    return samples;
  }
}
