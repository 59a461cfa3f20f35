package org.unimo.rewriting.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * A caption with its CMCL samples.
 *
 * @param index the caption's position in the input, from 0
 * @param caption the image id and the caption
 * @param samples positives and negatives, grouped by kind in {@link SampleKind} order
 */
public record RewrittenCaption(long index, Caption caption, List<Sample> samples) {
  public RewrittenCaption {
    requireNonNull(caption, "caption");
    samples = List.copyOf(samples);
  }

  /** The samples of {@code kind}, in their producer's order (best first where ranked). */
  public List<Sample> samples(SampleKind kind) {
    return samples.stream().filter(s -> s.kind() == kind).toList();
  }
}
