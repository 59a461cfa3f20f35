package org.unimo.graph.heads;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;
import org.unimo.graph.Layers;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Footprint;

/**
 * What the text heads share: the pooled text representation through dropout and one dense layer,
 * the inputs their signatures take, and what a training step of theirs holds.
 */
public final class TextHeads {
  private TextHeads() {}

  /**
   * Encodes {@code text}, pools it ({@code encoder.pooling}), drops out and projects to {@code
   * outputs} values [B, outputs] with the dense layer {@code heads/HEAD/dense}.
   */
  public static Operand<TFloat32> pooledDense(
      Ops scope, UnifiedEncoder encoder, TextInputs text, float dropout, int outputs, String head, boolean training) {
    Operand<TFloat32> sequence = encoder.encodeText(scope, text.tokenIds(), text.mask(), training);
    Operand<TFloat32> pooled = encoder.pool(scope, sequence, text.mask());
    Layers layers = encoder.layers();
    Operand<TFloat32> dropped = layers.dropout(scope, pooled, dropout, training);
    return layers.dense(scope, dropped, encoder.hidden(), outputs, "heads/" + head + "/dense");
  }

  /** A text head's signature inputs: {@code token_ids} and {@code mask}, as for {@code embed_text}. */
  public static Map<String, Operand<? extends TType>> inputs(TextInputs text) {
    Map<String, Operand<? extends TType>> inputs = new LinkedHashMap<>();
    inputs.put("token_ids", text.tokenIds());
    inputs.put("mask", text.mask());
    return inputs;
  }

  /** A step of a text head: one text encoder pass and its dense layer. */
  public static boolean memory(Footprint footprint, String head, int hidden, int outputs) {
    footprint.textPass("text encoder pass", footprint.batch(), false);
    footprint.parameters("heads/" + head + "/dense", (long) hidden * outputs + outputs);
    return true;
  }
}
