package org.unimo.graph.objectives.mrfr;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.MrfrSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.Losses;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objectives.regions.MaskedRegions;

/**
 * Masked region feature regression on images without text: regress the original features of the
 * masked regions from their outputs ({@link MaskedRegions}). Scope {@code mrfr/}: the input {@code
 * target_features} [B, R, F], the head {@code mrfr_head/dense} and {@code loss}.
 */
public final class MaskedRegionFeatureRegression implements Objective {
  /** Registers MRFR for {@code objectives.mrfr}. */
  public static final ObjectiveType TYPE =
      ObjectiveType.of(MrfrSpec.class, MaskedRegionFeatureRegression::new);

  private final MrfrSpec spec;
  private final ImageSpec image;
  private final int hidden;

  MaskedRegionFeatureRegression(MrfrSpec spec, ModelSpec model) {
    this.spec = spec;
    this.image = model.image().orElseThrow(() -> new IllegalArgumentException(spec.path() + ": needs an image input"));
    this.hidden = model.encoder().hidden();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public boolean memory(Footprint footprint) {
    MaskedRegions.memory(footprint);
    int batch = footprint.batch();
    // Predicted and target features, their difference and its gradient.
    footprint.floats(
        "head outputs " + batch + " x " + image.maxRegions() + " x " + image.featureSize(),
        4L * batch * image.maxRegions() * image.featureSize());
    footprint.parameters("mrfr_head", (long) hidden * image.featureSize() + image.featureSize());
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    int regions = image.maxRegions();
    int features = image.featureSize();
    MaskedRegions masked = MaskedRegions.of(graph);
    Operand<TFloat32> target =
        scope.withName("target_features").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, features)));
    Operand<TFloat32> predicted =
        graph.layers().dense(scope, masked.regionOutputs(), regions, graph.encoder().hidden(), features, "mrfr_head/dense");
    Operand<TFloat32> loss = loss(scope, predicted, target, masked.masked());
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          masked.feed(batch, spec.rate(), feeds);
          ImageBatch clean = batch.images().batch();
          feeds.feed(target, clean.featuresTensor());
        });
  }

  /**
   * Masked region feature regression: the mean squared error between predicted and original
   * features of each masked region, averaged over the masked regions.
   *
   * @param predicted [B, R, F]
   * @param target [B, R, F]
   * @param masked [B, R]: 1 for the regions that count
   */
  public static Operand<TFloat32> loss(
      Ops tf, Operand<TFloat32> predicted, Operand<TFloat32> target, Operand<TFloat32> masked) {
    Operand<TFloat32> perRegion =
        tf.math.mean(tf.math.squaredDifference(predicted, target), tf.constant(-1));
    return Losses.weightedMean(tf, perRegion, masked);
  }
}
