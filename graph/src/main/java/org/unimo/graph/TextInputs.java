package org.unimo.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A text input of the graph: token ids [B, T] and the padding mask [B, T]. */
public record TextInputs(Operand<TInt32> tokenIds, Operand<TFloat32> mask) {
  /** Placeholders {@code token_ids} and {@code mask} under {@code scope}. */
  public static TextInputs placeholders(Ops scope, int length) {
    return new TextInputs(
        scope.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, length))),
        scope.withName("mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, length))));
  }

  /** Feeds {@code batch} into these inputs. */
  public void feed(TextBatch batch, StepFeeds feeds) {
    feeds.feed(tokenIds, batch.tokenIdsTensor());
    feeds.feed(mask, batch.maskTensor());
  }
}
