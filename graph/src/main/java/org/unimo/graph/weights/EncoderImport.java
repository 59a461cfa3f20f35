package org.unimo.graph.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.jspecify.annotations.Nullable;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.unimo.dsl.Activation;
import org.unimo.graph.weights.BertNames.Role;
import org.unimo.graph.weights.BertNames.Slot;
import org.unimo.graph.weights.ImportedEncoder.Found;
import org.unimo.graph.weights.ImportedEncoder.Hints;
import org.unimo.graph.weights.ImportedEncoder.Scheme;

/**
 * Imports BERT-family encoders into the unified encoder's variables, from the formats checkpoints
 * ship in:
 *
 * <ul>
 *   <li>{@link #huggingFace}: a HuggingFace model directory, {@code config.json} and {@code
 *       model.safetensors}, BERT or RoBERTa (names with or without the {@code bert.} / {@code
 *       roberta.} prefix; PyTorch's [out, in] dense weights transposed);
 *   <li>{@link #onnx}: an ONNX export (all-MiniLM-L6-v2, bge, e5), whose dense weights are anonymous
 *       initializers found through the MatMul nodes that use them, and whose head count, LayerNorm
 *       epsilon and GELU form are read from the graph's constants and ops;
 *   <li>{@link #googleBert}: Google's TensorFlow BERT variables ({@code bert/encoder/layer_0/...}),
 *       e.g. read from a SavedModel by {@link BertSavedModel}.
 * </ul>
 *
 * <p>Each gives an {@link ImportedEncoder}: the variables by name, the sizes they imply and the
 * source tensors left unused (the masked-LM and next-sentence heads, position-id buffers).
 */
public final class EncoderImport {
  private EncoderImport() {}

  /** The HuggingFace files of a model directory. */
  public static final String HF_CONFIG = "config.json";

  public static final String HF_WEIGHTS = "model.safetensors";

  /** The HuggingFace {@code model_type}s laid out as BERT is (RoBERTa's differ in position ids only). */
  public static final List<String> HF_MODEL_TYPES = List.of("bert", "roberta", "xlm-roberta", "camembert");

  /**
   * Imports a HuggingFace BERT or RoBERTa directory ({@code config.json} + {@code model.safetensors}).
   *
   * @throws IOException naming the file and field or tensor that is missing, malformed or does not fit
   */
  public static ImportedEncoder huggingFace(Path dir) throws IOException {
    Path configFile = dir.resolve(HF_CONFIG);
    Path weightsFile = dir.resolve(HF_WEIGHTS);
    if (!Files.isRegularFile(weightsFile)) {
      boolean pytorch = Files.isRegularFile(dir.resolve("pytorch_model.bin"));
      throw new NoSuchFileException(
          weightsFile.toString(),
          null,
          pytorch
              ? "missing; this directory has pytorch_model.bin, a pickle the toolkit does not read: save the model as safetensors (save_pretrained(..., safe_serialization=True))"
              : "missing; a HuggingFace model directory holds config.json and model.safetensors");
    }
    JsonObject config = readJson(configFile);
    SafeTensors weights = SafeTensors.read(weightsFile);
    String modelType = string(config, "model_type", configFile, "bert");
    if (!HF_MODEL_TYPES.contains(modelType)) {
      throw new IOException(
          configFile + ": model_type: '" + modelType + "' is not an architecture the importer maps (" + String.join(", ", HF_MODEL_TYPES) + ")");
    }
    boolean roberta = !modelType.equals("bert");
    String p = modelPrefix(weights.entries().keySet(), modelType);
    Scheme scheme =
        new Scheme() {
          @Override
          public Optional<Found> find(Slot slot) throws IOException {
            String name = p + slot.bertName();
            if (!weights.entries().containsKey(name) && slot.bertName().contains("LayerNorm.")) {
              // Checkpoints converted from TensorFlow keep LayerNorm.gamma / LayerNorm.beta.
              name = p + slot.bertName().replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta");
            }
            if (!weights.entries().containsKey(name)) {
              return Optional.empty();
            }
            FloatTensor tensor = weights.tensor(name);
            return Optional.of(new Found(name, slot.role() == Role.MATRIX ? tensor.transposed() : tensor));
          }

          @Override
          public String sourceName(Slot slot) {
            return p + slot.bertName();
          }

          @Override
          public Set<String> names() {
            return weights.entries().keySet();
          }
        };
    int padId = integer(config, "pad_token_id", configFile, roberta ? 1 : 0);
    Hints hints =
        new Hints(
            integer(config, "num_attention_heads", configFile, -1),
            (float) number(config, "layer_norm_eps", configFile, 1e-12),
            activation(string(config, "hidden_act", configFile, "gelu"), configFile),
            roberta ? padId + 1 : 0,
            configFile.toString());
    if (hints.heads() < 0) {
      throw new IOException(configFile + ": num_attention_heads: missing");
    }
    ImportedEncoder imported =
        ImportedEncoder.assemble(roberta ? "safetensors (roberta)" : "safetensors (bert)", dir.toString(), scheme, hints);
    EncoderShape shape = imported.shape();
    checkConfig(config, configFile, "hidden_size", shape.hidden());
    checkConfig(config, configFile, "num_hidden_layers", shape.layers());
    checkConfig(config, configFile, "intermediate_size", shape.ffn());
    checkConfig(config, configFile, "vocab_size", shape.vocab());
    checkConfig(config, configFile, "max_position_embeddings", shape.maxPositions());
    return imported;
  }

  /**
   * Imports a BERT-family ONNX export (as HuggingFace's exporters write them: initializers named
   * like the PyTorch parameters, dense weights as anonymous {@code onnx::MatMul_N} initializers in
   * [in, out] order). The head count comes from the attention's scaling constant (sqrt of the head
   * size), the LayerNorm epsilon from the constant added to the variance, the GELU form from the
   * ops of the first feed-forward layer (Erf: exact; Tanh: the approximation).
   *
   * @throws IOException naming the file and the tensor, node or constant that is missing or does not fit
   */
  public static ImportedEncoder onnx(Path file) throws IOException {
    OnnxModel model = OnnxModel.read(file);
    Map<String, OnnxModel.Initializer> initializers = model.initializers();
    Map<String, OnnxModel.Initializer> matMuls = model.weightsByNode("MatMul");
    String p = modelPrefix(initializers.keySet(), "bert");
    Scheme scheme =
        new Scheme() {
          @Override
          public Optional<Found> find(Slot slot) {
            if (slot.role() == Role.MATRIX) {
              OnnxModel.Initializer weight = matMuls.get(BertNames.onnxMatMulNode(slot.bertName()));
              if (weight != null) {
                return Optional.of(new Found(weight.name(), tensor(weight)));
              }
              // A named PyTorch weight ([out, in]) used through a Gemm or a transposed MatMul.
              OnnxModel.Initializer named = initializers.get(p + slot.bertName());
              return named == null ? Optional.empty() : Optional.of(new Found(named.name(), tensor(named).transposed()));
            }
            OnnxModel.Initializer named = initializers.get(p + slot.bertName());
            return named == null ? Optional.empty() : Optional.of(new Found(named.name(), tensor(named)));
          }

          @Override
          public String sourceName(Slot slot) {
            return slot.role() == Role.MATRIX
                ? "the weight of node " + BertNames.onnxMatMulNode(slot.bertName())
                : p + slot.bertName();
          }

          @Override
          public Set<String> names() {
            return initializers.keySet();
          }
        };
    return ImportedEncoder.assemble("onnx", file.toString(), scheme, onnxHints(model, p, file));
  }

  /**
   * The prefix a checkpoint puts before BERT's names: none, {@code bert.}, {@code roberta.} or the
   * model type's (HuggingFace's task models nest the encoder under it); none if no word table is found.
   */
  private static String modelPrefix(Set<String> names, String modelType) {
    for (String candidate : List.of("", "bert.", "roberta.", modelType + ".")) {
      if (names.contains(candidate + "embeddings.word_embeddings.weight")) {
        return candidate;
      }
    }
    return "";
  }

  private static FloatTensor tensor(OnnxModel.Initializer initializer) {
    return new FloatTensor(initializer.dims().clone(), initializer.floats());
  }

  /** What the ONNX graph says about heads, LayerNorm epsilon and GELU. */
  private static Hints onnxHints(OnnxModel model, String prefix, Path file) throws IOException {
    Map<String, OnnxModel.Node> byName = new java.util.HashMap<>();
    for (OnnxModel.Node node : model.nodes()) {
      byName.put(node.name(), node);
    }
    OnnxModel.Initializer word = model.initializers().get(prefix + "embeddings.word_embeddings.weight");
    Integer heads = null;
    OnnxModel.Node scale = byName.get("/encoder/layer.0/attention/self/Div");
    if (word != null && scale != null && scale.inputs().size() == 2) {
      Optional<FloatTensor> root = model.constant(scale.inputs().get(1));
      if (root.isPresent() && root.get().values().length == 1) {
        double headSize = root.get().values()[0] * (double) root.get().values()[0];
        heads = (int) Math.round(word.dims()[1] / headSize);
      }
    }
    if (heads == null) {
      throw new IOException(
          file + ": cannot tell the number of attention heads: no constant divides the scores in node /encoder/layer.0/attention/self/Div");
    }
    Float epsilon = null;
    OnnxModel.Node add = byName.get("/embeddings/LayerNorm/Add");
    if (add != null && add.inputs().size() == 2) {
      epsilon = model.constant(add.inputs().get(1)).filter(t -> t.values().length == 1).map(t -> t.values()[0]).orElse(null);
    }
    Activation activation = Activation.GELU;
    for (OnnxModel.Node node : model.nodes()) {
      if (node.name().startsWith("/encoder/layer.0/intermediate/")) {
        if (node.opType().equals("Tanh")) {
          activation = Activation.GELU_TANH;
        } else if (node.opType().equals("Relu")) {
          activation = Activation.RELU;
        }
      }
    }
    return new Hints(heads, epsilon, activation, 0, file.toString());
  }

  /**
   * Imports Google's TensorFlow BERT variables, named as in its checkpoints ({@code
   * bert/embeddings/word_embeddings}, {@code bert/encoder/layer_0/attention/self/query/kernel}, ...).
   * Google's BERT uses 64-dimensional attention heads, LayerNorm epsilon 1e-12 and GELU's tanh
   * approximation in every released size.
   */
  public static ImportedEncoder googleBert(Map<String, FloatTensor> weights, String source) throws IOException {
    Scheme scheme =
        new Scheme() {
          @Override
          public Optional<Found> find(Slot slot) {
            String name = sourceName(slot);
            FloatTensor tensor = weights.get(name);
            return tensor == null ? Optional.empty() : Optional.of(new Found(name, tensor));
          }

          @Override
          public String sourceName(Slot slot) {
            return BertNames.googleName(slot.bertName(), slot.role());
          }

          @Override
          public Set<String> names() {
            return weights.keySet();
          }
        };
    FloatTensor word = weights.get("bert/embeddings/word_embeddings");
    Integer heads = word == null || word.shape().length != 2 ? null : (int) word.shape()[1] / 64;
    return ImportedEncoder.assemble(
        "tensorflow (google bert)",
        source,
        scheme,
        new Hints(heads, 1e-12f, Activation.GELU_TANH, 0, "Google BERT's 64-dimensional heads"));
  }

  /** HuggingFace's {@code hidden_act} as the encoder's activation. */
  static Activation activation(String name, Path file) throws IOException {
    return switch (name) {
      case "gelu" -> Activation.GELU;
      case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Activation.GELU_TANH;
      case "relu" -> Activation.RELU;
      default -> throw new IOException(file + ": hidden_act: '" + name + "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu)");
    };
  }

  private static JsonObject readJson(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "missing; a HuggingFace model directory holds config.json and model.safetensors");
    }
    try {
      JsonElement root = JsonParser.parseString(text);
      if (!root.isJsonObject()) {
        throw new IOException(file + ": not a JSON object");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IOException(file + ": malformed JSON: " + e.getMessage(), e);
    }
  }

  private static String string(JsonObject config, String field, Path file, String fallback) throws IOException {
    JsonPrimitive value = primitive(config, field, file, JsonPrimitive::isString, "a string");
    return value == null ? fallback : value.getAsString();
  }

  private static double number(JsonObject config, String field, Path file, double fallback) throws IOException {
    JsonPrimitive value = primitive(config, field, file, JsonPrimitive::isNumber, "a number");
    return value == null ? fallback : value.getAsDouble();
  }

  /** Field {@code field} of {@code config} if present and of the expected kind, null if absent. */
  private static @Nullable JsonPrimitive primitive(
      JsonObject config, String field, Path file, java.util.function.Predicate<JsonPrimitive> kind, String expected)
      throws IOException {
    JsonElement value = config.get(field);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive() || !kind.test(value.getAsJsonPrimitive())) {
      throw new IOException(file + ": " + field + ": expected " + expected + ", got " + value);
    }
    return value.getAsJsonPrimitive();
  }

  private static int integer(JsonObject config, String field, Path file, int fallback) throws IOException {
    double value = number(config, field, file, fallback);
    if (value != Math.rint(value)) {
      throw new IOException(file + ": " + field + ": expected an integer, got " + value);
    }
    return (int) value;
  }

  private static void checkConfig(JsonObject config, Path file, String field, int fromWeights) throws IOException {
    if (config.has(field)) {
      int declared = integer(config, field, file, fromWeights);
      if (declared != fromWeights) {
        throw new IOException(file + ": " + field + " is " + declared + ", but the weights have " + fromWeights);
      }
    }
  }
}
