package org.unimo.graph.weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a BERT-family checkpoint keeps each variable of the unified encoder: the documented
 * mapping every importer applies (docs/weights.md prints it).
 *
 * <p>Names are HuggingFace's BERT names without the model prefix ({@code bert.}, {@code roberta.}):
 * {@code encoder.layer.3.attention.self.query.weight}. Each format's {@link Scheme} turns such a name
 * into its own (Google's TensorFlow checkpoints: {@code bert/encoder/layer_3/attention/self/query/kernel};
 * ONNX exports: the MatMul node {@code /encoder/layer.3/attention/self/query/MatMul}'s weight) and
 * hands the tensor over in the encoder's orientation ({@code [in, out]} for a dense kernel).
 */
public final class BertNames {
  private BertNames() {}

  /** What a tensor is, which decides how formats store it. */
  public enum Role {
    /** A dense layer's kernel: [in, out] here and in TensorFlow; [out, in] in PyTorch. */
    MATRIX,
    /** A bias or a LayerNorm scale or offset. */
    VECTOR,
    /** An embedding table [rows, hidden]. */
    TABLE
  }

  /**
   * One encoder variable and its checkpoint name.
   *
   * @param optional whether an import may lack it (token types, the pooler)
   */
  public record Slot(String variable, String bertName, Role role, boolean optional) {}

  /** The encoder's parts per layer: our path, BERT's path, and whether it is a dense layer. */
  private static final String[][] LAYER_DENSE = {
    {"attention/query", "attention.self.query"},
    {"attention/key", "attention.self.key"},
    {"attention/value", "attention.self.value"},
    {"attention/output", "attention.output.dense"},
    {"ffn/intermediate", "intermediate.dense"},
    {"ffn/output", "output.dense"},
  };

  private static final String[][] LAYER_NORMS = {
    {"attention/layer_norm", "attention.output.LayerNorm"},
    {"ffn/layer_norm", "output.LayerNorm"},
  };

  /** Every slot of an encoder with {@code layers} layers, embeddings first, the pooler last. */
  public static List<Slot> slots(int layers) {
    List<Slot> slots = new ArrayList<>();
    slots.add(new Slot("embeddings/word", "embeddings.word_embeddings.weight", Role.TABLE, false));
    slots.add(new Slot("embeddings/position", "embeddings.position_embeddings.weight", Role.TABLE, false));
    slots.add(new Slot("embeddings/token_type", "embeddings.token_type_embeddings.weight", Role.TABLE, true));
    layerNorm(slots, "embeddings/layer_norm", "embeddings.LayerNorm");
    for (int l = 0; l < layers; l++) {
      for (String[] dense : LAYER_DENSE) {
        dense(slots, "encoder/layer_" + l + "/" + dense[0], "encoder.layer." + l + "." + dense[1], false);
      }
      for (String[] norm : LAYER_NORMS) {
        layerNorm(slots, "encoder/layer_" + l + "/" + norm[0], "encoder.layer." + l + "." + norm[1]);
      }
    }
    dense(slots, "pooler/dense", "pooler.dense", true);
    return slots;
  }

  private static void dense(List<Slot> slots, String variable, String bert, boolean optional) {
    slots.add(new Slot(variable + "/kernel", bert + ".weight", Role.MATRIX, optional));
    slots.add(new Slot(variable + "/bias", bert + ".bias", Role.VECTOR, optional));
  }

  private static void layerNorm(List<Slot> slots, String variable, String bert) {
    slots.add(new Slot(variable + "/gamma", bert + ".weight", Role.VECTOR, false));
    slots.add(new Slot(variable + "/beta", bert + ".bias", Role.VECTOR, false));
  }

  /** Google's TensorFlow name of a BERT name: {@code bert/encoder/layer_3/attention/self/query/kernel}. */
  public static String googleName(String bertName, Role role) {
    String path = bertName.replaceAll("\\.layer\\.(\\d+)\\.", ".layer_$1.");
    boolean layerNorm = path.contains("LayerNorm.");
    if (path.endsWith(".weight")) {
      path = path.substring(0, path.length() - ".weight".length()) + (role == Role.TABLE ? "" : layerNorm ? ".gamma" : ".kernel");
    } else if (path.endsWith(".bias") && layerNorm) {
      path = path.substring(0, path.length() - ".bias".length()) + ".beta";
    }
    return "bert/" + path.replace('.', '/');
  }

  /** The ONNX node that multiplies by a dense kernel: {@code /encoder/layer.3/attention/self/query/MatMul}. */
  public static String onnxMatMulNode(String bertName) {
    String layer = bertName.substring(0, bertName.length() - ".weight".length());
    return "/" + layer.replaceAll("\\.(?!\\d)", "/") + "/MatMul";
  }
}
