package org.unimo.graph.objectives.mrc;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.MrcSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.Losses;
import org.unimo.graph.Outputs;
import org.unimo.graph.Tensors;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objectives.regions.MaskedRegions;

/**
 * Masked region classification on images without text: predict the detector's classes of the
 * masked regions from their outputs ({@link MaskedRegions}). Scope {@code mrc/}: the input {@code
 * target_classes} [B, R, C] (the detector's distributions, or one-hot of the top class with {@code
 * target: HARD}), the head {@code mrc_head/dense} and {@code loss}.
 */
public final class MaskedRegionClassification implements Objective {
  /** Registers MRC for {@code objectives.mrc}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(MrcSpec.class, MaskedRegionClassification::new);

  private final MrcSpec spec;
  private final ImageSpec image;
  private final int hidden;

  MaskedRegionClassification(MrcSpec spec, ModelSpec model) {
    this.spec = spec;
    this.image = model.image().orElseThrow(() -> new IllegalArgumentException(spec.path() + ": needs an image input"));
    this.hidden = model.encoder().hidden();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public List<DataRequirement> requires() {
    return List.of(new DataRequirement.DetectorClasses(spec.path() + ".classes", spec.classes()));
  }

  @Override
  public boolean memory(Footprint footprint) {
    MaskedRegions.memory(footprint);
    int batch = footprint.batch();
    int classes = spec.classes();
    // Logits, targets, the cross-entropy's backprop and the logits' gradient.
    footprint.floats("head outputs " + batch + " x " + image.maxRegions() + " x " + classes, 4L * batch * image.maxRegions() * classes);
    footprint.parameters("mrc_head", (long) hidden * classes + classes);
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    int regions = image.maxRegions();
    int classes = spec.classes();
    MaskedRegions masked = MaskedRegions.of(graph);
    Operand<TFloat32> target =
        scope.withName("target_classes").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions, classes)));
    Operand<TFloat32> logits =
        graph.layers().dense(scope, masked.regionOutputs(), regions, graph.encoder().hidden(), classes, "mrc_head/dense");
    boolean soft = spec.target() == MrcSpec.Target.SOFT;
    Operand<TFloat32> loss = loss(scope, logits, target, masked.masked(), classes, soft);
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          masked.feed(batch, spec.rate(), feeds);
          ImageExamples images = batch.images();
          feeds.feed(target, Tensors.floats(targets(images, regions, classes, soft), images.batch().size(), regions, classes));
        });
  }

  /** Per region of each image, the detector's distribution (soft) or one-hot of its top class (hard). */
  static float[] targets(ImageExamples images, int maxRegions, int classes, boolean soft) {
    float[] targets = new float[images.batch().size() * maxRegions * classes];
    for (int b = 0; b < images.batch().size(); b++) {
      int regions = Math.min(images.images().get(b).regions(), maxRegions);
      for (int r = 0; r < regions; r++) {
        float[] probs = images.classProbs().get(b)[r];
        if (probs.length != classes) {
          throw new IllegalArgumentException(
              "image " + b + ", region " + r + ": " + probs.length + " detector classes, objectives.mrc.classes is " + classes);
        }
        int offset = (b * maxRegions + r) * classes;
        if (soft) {
          System.arraycopy(probs, 0, targets, offset, classes);
        } else {
          targets[offset + Outputs.argmax(probs)] = 1f;
        }
      }
    }
    return targets;
  }

  /**
   * Masked region classification against the detector's class distribution {@code target}:
   * soft, the KL divergence {@code KL(target || softmax(logits))}; hard, the cross-entropy with
   * {@code target} one-hot. Averaged over the masked regions.
   *
   * @param logits [B, R, C]
   * @param target [B, R, C], rows summing to 1
   * @param masked [B, R]
   */
  public static Operand<TFloat32> loss(
      Ops tf,
      Operand<TFloat32> logits,
      Operand<TFloat32> target,
      Operand<TFloat32> masked,
      int classes,
      boolean soft) {
    Operand<TFloat32> flatLogits = tf.reshape(logits, tf.constant(new int[] {-1, classes}));
    Operand<TFloat32> flatTarget = tf.reshape(target, tf.constant(new int[] {-1, classes}));
    Operand<TFloat32> crossEntropy =
        tf.nn.softmaxCrossEntropyWithLogits(flatLogits, flatTarget).loss();
    Operand<TFloat32> perRegion = crossEntropy;
    if (soft) {
      // KL = cross-entropy - entropy(target); the entropy is constant, subtracting it makes the
      // loss reach 0 when the prediction matches the detector.
      Operand<TFloat32> entropy =
          tf.math.neg(
              tf.reduceSum(
                  tf.math.mul(flatTarget, tf.math.log(tf.math.maximum(flatTarget, tf.constant(1e-12f)))),
                  tf.constant(-1)));
      perRegion = tf.math.sub(crossEntropy, tf.stopGradient(entropy));
    }
    return Losses.weightedMean(tf, perRegion, tf.reshape(masked, tf.constant(new int[] {-1})));
  }
}
