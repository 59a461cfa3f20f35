package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures an image-text retrieval fine-tuning head. */
@SpecDsl
public final class RetrievalBuilder {
  private final Head.Builder proto;

  RetrievalBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getRetrievalBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public RetrievalBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** The data source's label set of captioned images the head trains on, e.g. {@code "coco"}. */
  public RetrievalBuilder labels(String labels) {
    proto.getRetrievalBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** The softmax temperature of the cosine similarities (default 0.07). */
  public RetrievalBuilder temperature(float temperature) {
    proto.getRetrievalBuilder().setTemperature(temperature);
    return this;
  }
}
