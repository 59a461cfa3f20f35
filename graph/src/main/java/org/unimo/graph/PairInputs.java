package org.unimo.graph;

import org.jspecify.annotations.Nullable;

/**
 * The model's image-text inputs, {@code text/...} and {@code image/...} ({@link Names}): what the
 * exported model embeds and scores, and where every pair objective reads its pair batch.
 *
 * @param image null when the spec declares no image input
 */
public record PairInputs(TextInputs text, @Nullable ImageInputs image) {
  /** The image input. */
  public ImageInputs requireImage() {
    if (image == null) {
      throw new IllegalStateException("the spec declares no image input");
    }
    return image;
  }

  /** Feeds the step's pairs, once per step however many pair objectives ask. */
  public void feedOnce(PairBatch pairs, StepFeeds feeds) {
    feeds.feedOnce(text.tokenIds(), () -> pairs.text().tokenIdsTensor());
    feeds.feedOnce(text.mask(), () -> pairs.text().maskTensor());
    ImageInputs img = requireImage();
    feeds.feedOnce(img.features(), () -> pairs.image().featuresTensor());
    feeds.feedOnce(img.boxes(), () -> pairs.image().boxesTensor());
    feeds.feedOnce(img.mask(), () -> pairs.image().maskTensor());
  }
}
