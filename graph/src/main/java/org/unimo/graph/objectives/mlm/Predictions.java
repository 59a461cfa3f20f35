package org.unimo.graph.objectives.mlm;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.Tensors;

/**
 * The predictions of a masked LM, [B, P] each: {@code positions} of the predicted subwords, their
 * original ids ({@code labels}) and {@code weights} (1 for real predictions, 0 for padding).
 */
public record Predictions(Operand<TInt32> positions, Operand<TInt32> labels, Operand<TFloat32> weights) {
  /** Placeholders {@code positions}, {@code labels} and {@code weights} under {@code scope}. */
  public static Predictions placeholders(Ops scope, int maxPredictions) {
    Shape shape = Shape.of(-1, maxPredictions);
    return new Predictions(
        scope.withName("positions").placeholder(TInt32.class, Placeholder.shape(shape)),
        scope.withName("labels").placeholder(TInt32.class, Placeholder.shape(shape)),
        scope.withName("weights").placeholder(TFloat32.class, Placeholder.shape(shape)));
  }

  /** Feeds the predictions of {@code batch}. */
  public void feed(MaskedLmBatch batch, StepFeeds feeds) {
    int size = batch.input().size();
    int p = batch.maxPredictions();
    feeds.feed(positions, Tensors.ints(batch.positions(), size, p));
    feeds.feed(labels, Tensors.ints(batch.labels(), size, p));
    feeds.feed(weights, Tensors.floats(batch.weights(), size, p));
  }
}
