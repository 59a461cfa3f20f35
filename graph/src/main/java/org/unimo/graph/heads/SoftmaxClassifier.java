package org.unimo.graph.heads;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.graph.Losses;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.Tensors;
import org.unimo.graph.objective.LabeledExamples;

/**
 * What a classification head trains with, on text or on an image and a text: a {@code labels}
 * placeholder [B], softmax cross-entropy of the logits against it, averaged over the batch as
 * {@link Losses#weightedMean} does (so that gradient accumulation stays exact), and the batch's
 * accuracy.
 */
public record SoftmaxClassifier(Operand<TInt32> labels, Operand<TFloat32> loss, Operand<TFloat32> accuracy) {
  /** The loss {@code loss} and metric {@code accuracy} of {@code logits} [B, classes], under {@code scope}. */
  public static SoftmaxClassifier of(Ops scope, Operand<TFloat32> logits, int classes) {
    Operand<TInt32> labels = scope.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> targets = scope.oneHot(labels, scope.constant(classes), scope.constant(1f), scope.constant(0f));
    Operand<TFloat32> perExample = scope.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
    // The weights come from the fed labels, not the logits: no gradient is asked of OnesLike.
    Operand<TFloat32> loss =
        scope.withName("loss").identity(Losses.weightedMean(scope, perExample, scope.onesLike(scope.dtypes.cast(labels, TFloat32.class))));
    Operand<TInt32> predicted = scope.math.argMax(logits, scope.constant(1), TInt32.class);
    Operand<TFloat32> accuracy =
        scope.withName("accuracy")
            .math
            .mean(scope.dtypes.cast(scope.math.equal(predicted, labels), TFloat32.class), scope.constant(0));
    return new SoftmaxClassifier(labels, loss, accuracy);
  }

  /**
   * Feeds the examples' labels.
   *
   * @param path the head's spec path, for the error
   * @throws IllegalArgumentException naming the head and the label set when a label is not below
   *     {@code classes}
   */
  public void feedLabels(LabeledExamples examples, int classes, String path, String labelSet, StepFeeds feeds) {
    for (int label : examples.labels()) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException(
            path + ": label " + label + " of label set '" + labelSet + "' is outside 0.." + (classes - 1));
      }
    }
    feeds.feed(labels, Tensors.ints(examples.labels(), examples.labels().length));
  }
}
