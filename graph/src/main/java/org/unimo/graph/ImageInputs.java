package org.unimo.graph;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ImageSpec;

/**
 * An image input of the graph: region features [B, R, F], boxes [B, R, 5] and the region mask [B,
 * R], as placeholders or as any operands of those shapes.
 */
public record ImageInputs(Operand<TFloat32> features, Operand<TFloat32> boxes, Operand<TFloat32> mask) {
  /** Placeholders {@code features}, {@code boxes} and {@code mask} under {@code scope}. */
  public static ImageInputs placeholders(Ops scope, ImageSpec image) {
    int regions = image.maxRegions();
    return new ImageInputs(
        scope.withName("features")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, image.featureSize()))),
        scope.withName("boxes")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, image.boxFeatures()))),
        scope.withName("mask").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions))));
  }

  /** Feeds {@code batch} into these inputs. */
  public void feed(ImageBatch batch, StepFeeds feeds) {
    feeds.feed(features, batch.featuresTensor());
    feeds.feed(boxes, batch.boxesTensor());
    feeds.feed(mask, batch.maskTensor());
  }
}
