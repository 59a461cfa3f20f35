package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Head;

/** Configures an image-text classification head (visual entailment). */
@SpecDsl
public final class ImageTextClassificationBuilder {
  private final Head.Builder proto;

  ImageTextClassificationBuilder(Head.Builder proto) {
    this.proto = proto;
    proto.getImageTextClassificationBuilder(); // declares the kind even if the block sets nothing
  }

  /** Weight of this head's loss in the total (default 1). */
  public ImageTextClassificationBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Number of classes (default 3, SNLI-VE's). */
  public ImageTextClassificationBuilder classes(int classes) {
    proto.getImageTextClassificationBuilder().setClasses(classes);
    return this;
  }

  /** The data source's label set of image-text pairs the head trains on, e.g. {@code "snli_ve"}. */
  public ImageTextClassificationBuilder labels(String labels) {
    proto.getImageTextClassificationBuilder().setLabels(requireNonNull(labels, "labels"));
    return this;
  }

  /** Dropout on the pooled representation and inside the classifier (default 0.1). */
  public ImageTextClassificationBuilder dropout(float dropout) {
    proto.getImageTextClassificationBuilder().setDropout(dropout);
    return this;
  }
}
