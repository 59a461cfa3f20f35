package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures an image captioning head. */
@SpecDsl
public final class CaptioningBuilder {
  private final Head.Builder proto;

  CaptioningBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getCaptioningBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public CaptioningBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** The data source's label set the head trains on, e.g. {@code "coco"}. */
  public CaptioningBuilder labels(String labels) {
    proto.getCaptioningBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** How validation, eval and predict decode unless told otherwise (default: greedily). */
  public CaptioningBuilder decoding(Block<DecodingBuilder> block) {
    block.configure(new DecodingBuilder(proto.getCaptioningBuilder().getDecodingBuilder()));
    return this;
  }
}
