package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures a sequence-classification head. */
@SpecDsl
public final class SequenceClassificationBuilder {
  private final Head.Builder proto;

  SequenceClassificationBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getSequenceClassificationBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public SequenceClassificationBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Number of labels (default 2). */
  public SequenceClassificationBuilder classes(int classes) {
    proto.getSequenceClassificationBuilder().setClasses(classes);
    return this;
  }

  /** The data source's label set the head trains on, e.g. {@code "shape_count"}. */
  public SequenceClassificationBuilder labels(String labels) {
    proto.getSequenceClassificationBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** Dropout on the pooled representation before the classifier (default 0.1). */
  public SequenceClassificationBuilder dropout(float dropout) {
    proto.getSequenceClassificationBuilder().setDropout(dropout);
    return this;
  }
}
