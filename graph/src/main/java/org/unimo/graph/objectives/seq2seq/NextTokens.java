package org.unimo.graph.objectives.seq2seq;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.Tensors;

/** Next-token targets [B, T]: at each position the next token ({@code labels}) and whether it counts ({@code weights}). */
public record NextTokens(Operand<TInt32> labels, Operand<TFloat32> weights) {
  /** Placeholders {@code labels} and {@code weights} under {@code scope}. */
  public static NextTokens placeholders(Ops scope, int length) {
    Shape shape = Shape.of(-1, length);
    return new NextTokens(
        scope.withName("labels").placeholder(TInt32.class, Placeholder.shape(shape)),
        scope.withName("weights").placeholder(TFloat32.class, Placeholder.shape(shape)));
  }

  /** Feeds the targets of {@code batch}. */
  public void feed(Seq2SeqBatch batch, StepFeeds feeds) {
    int size = batch.input().size();
    int length = batch.input().maxLength();
    feeds.feed(labels, Tensors.ints(batch.labels(), size, length));
    feeds.feed(weights, Tensors.floats(batch.weights(), size, length));
  }
}
