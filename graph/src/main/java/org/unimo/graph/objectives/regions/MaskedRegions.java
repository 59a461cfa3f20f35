package org.unimo.graph.objectives.regions;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ImageSpec;
import org.unimo.graph.ImageInputs;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.Tensors;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.StepBatch;

/**
 * The masked images that masked region feature regression and classification share: one masking
 * and one Transformer pass per step, read by both heads. Scope {@code masked_regions/}: inputs
 * {@code features}, {@code boxes}, {@code mask} and {@code masked} [B, R]; output {@link
 * #regionOutputs()} [B, R, H].
 */
public final class MaskedRegions {
  private static final String KEY = "masked_regions";

  private final ImageInputs input;
  private final Operand<TFloat32> masked;
  private final Operand<TFloat32> regionOutputs;

  private MaskedRegions(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    ImageSpec image = graph.spec().image().orElseThrow(() -> new IllegalStateException("masked region modeling needs an image input"));
    int regions = image.maxRegions();
    this.input = ImageInputs.placeholders(scope, image);
    this.masked = scope.withName("masked").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, regions)));
    UnifiedEncoder encoder = graph.encoder();
    Operand<TFloat32> sequence = encoder.encodeImage(scope, input, true);
    this.regionOutputs =
        scope.slice(sequence, scope.constant(new int[] {0, 1, 0}), scope.constant(new int[] {-1, regions, encoder.hidden()}));
  }

  /** The graph's masked regions, built by the first objective that asks. */
  public static MaskedRegions of(ObjectiveGraph graph) {
    return graph.shared(KEY, MaskedRegions.class, MaskedRegions::new);
  }

  /** Declares the masked-image pass, once per step whichever objectives share it. */
  public static void memory(Footprint footprint) {
    footprint.shared(KEY, f -> f.imagePass("masked image pass", f.batch()));
  }

  /** The Transformer's outputs at the regions (the image token left out): [B, R, H]. */
  public Operand<TFloat32> regionOutputs() {
    return regionOutputs;
  }

  /** [B, R]: 1 for the masked regions. */
  public Operand<TFloat32> masked() {
    return masked;
  }

  /**
   * The step's masking of its images without text at {@code rate}, made once per step and fed
   * once however many objectives read it (their rates are equal: the spec requires it).
   */
  public RegionMasking feed(StepBatch batch, float rate, StepFeeds feeds) {
    RegionMasking masking = batch.shared(KEY, () -> RegionMasking.mask(batch.images(), rate, batch.draws("regions")));
    feeds.feedOnce(input.features(), () -> masking.input().featuresTensor());
    feeds.feedOnce(input.boxes(), () -> masking.input().boxesTensor());
    feeds.feedOnce(input.mask(), () -> masking.input().maskTensor());
    feeds.feedOnce(masked, () -> Tensors.floats(masking.masked(), masking.input().size(), masking.input().maxRegions()));
    return masking;
  }
}
