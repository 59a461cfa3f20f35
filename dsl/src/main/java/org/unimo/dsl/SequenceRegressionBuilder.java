package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures a sequence-regression head. */
@SpecDsl
public final class SequenceRegressionBuilder {
  private final Head.Builder proto;

  SequenceRegressionBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getSequenceRegressionBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public SequenceRegressionBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** The data source's scored label set the head trains on, e.g. {@code "stsb"}. */
  public SequenceRegressionBuilder labels(String labels) {
    proto.getSequenceRegressionBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** Dropout on the pooled representation before the regressor (default 0.1). */
  public SequenceRegressionBuilder dropout(float dropout) {
    proto.getSequenceRegressionBuilder().setDropout(dropout);
    return this;
  }
}
