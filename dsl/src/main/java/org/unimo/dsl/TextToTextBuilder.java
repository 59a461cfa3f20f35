package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures a text-to-text generation head. */
@SpecDsl
public final class TextToTextBuilder {
  private final Head.Builder proto;

  TextToTextBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getTextToTextBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public TextToTextBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** The data source's label set the head trains on, e.g. {@code "gigaword"}. */
  public TextToTextBuilder labels(String labels) {
    proto.getTextToTextBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** How validation, eval and predict decode unless told otherwise (default: greedily). */
  public TextToTextBuilder decoding(Block<DecodingBuilder> block) {
    block.configure(new DecodingBuilder(proto.getTextToTextBuilder().getDecodingBuilder()));
    return this;
  }
}
