package org.unimo.graph.heads;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;
import org.unimo.dsl.ImageSpec;
import org.unimo.graph.ImageInputs;
import org.unimo.graph.Layers;
import org.unimo.graph.PairInputs;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.LabeledExamples;

/**
 * What the heads on an image and a text share (visual entailment, VQA): one joint pass {@code
 * [IMG] v1 ... vR [CLS] w1 ... wn [SEP]} in which the text attends to the regions and to itself,
 * the text's pooled output ({@code encoder.pooling}: its [CLS] or its mean), and a two-layer
 * classifier {@code dense(H, 2H), GELU, LayerNorm, dropout, dense(2H, K)} as UNIMO's and UNITER's
 * VQA heads have; the inputs their placeholders and signatures take.
 */
public final class PairHeads {
  private PairHeads() {}

  /** The text and image placeholders of a head's training step, under its scope. */
  public static PairInputs placeholders(Ops scope, int textLength, ImageSpec image) {
    return new PairInputs(
        TextInputs.placeholders(scope.withSubScope("text"), textLength),
        ImageInputs.placeholders(scope.withSubScope("image"), image));
  }

  /** Feeds labelled examples' texts and images into {@code inputs}. */
  public static void feed(PairInputs inputs, LabeledExamples examples, StepFeeds feeds) {
    inputs.text().feed(examples.texts(), feeds);
    inputs.requireImage().feed(examples.requireImages(), feeds);
  }

  /**
   * [B, outputs] logits of the pairs: the joint pass, the text's pooled output, the classifier
   * {@code heads/HEAD/classifier}.
   */
  public static Operand<TFloat32> logits(
      Ops scope, UnifiedEncoder encoder, PairInputs inputs, float dropout, int outputs, String head, boolean training) {
    TextInputs text = inputs.text();
    Operand<TFloat32> sequence =
        encoder.encodeJoint(scope, inputs.requireImage(), text.tokenIds(), text.mask(), false, training);
    Operand<TFloat32> pooled = encoder.pool(scope, sequence, text.mask());
    Layers layers = encoder.layers();
    int hidden = encoder.hidden();
    String path = "heads/" + head + "/classifier";
    Operand<TFloat32> inner = layers.dense(scope, layers.dropout(scope, pooled, dropout, training), hidden, 2 * hidden, path + "/hidden");
    Operand<TFloat32> normed = layers.layerNorm(scope, Layers.gelu(scope, inner), 2 * hidden, path + "/layer_norm");
    return layers.dense(scope, layers.dropout(scope, normed, dropout, training), 2 * hidden, outputs, path + "/output");
  }

  /**
   * A pair head's signature inputs, named as the export's {@code score} signature names them:
   * {@code text_token_ids}, {@code text_mask}, {@code image_features}, {@code image_boxes}, {@code
   * image_mask}.
   */
  public static Map<String, Operand<? extends TType>> inputs(PairInputs pairs) {
    Map<String, Operand<? extends TType>> inputs = new LinkedHashMap<>();
    inputs.put("text_token_ids", pairs.text().tokenIds());
    inputs.put("text_mask", pairs.text().mask());
    ImageInputs image = pairs.requireImage();
    inputs.put("image_features", image.features());
    inputs.put("image_boxes", image.boxes());
    inputs.put("image_mask", image.mask());
    return inputs;
  }

  /** A step of a pair head: one joint pass and the classifier's variables and activations. */
  public static boolean memory(Footprint footprint, String head, int hidden, int outputs) {
    footprint.jointPass("joint image-text pass", footprint.batch());
    footprint.parameters(
        "heads/" + head + "/classifier", (long) hidden * 2 * hidden + 2L * hidden + 4L * hidden + 2L * hidden * outputs + outputs);
    footprint.floats("classifier activations", 6L * footprint.batch() * (2L * hidden + outputs));
    return true;
  }
}
