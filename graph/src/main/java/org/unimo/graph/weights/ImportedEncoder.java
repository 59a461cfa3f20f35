package org.unimo.graph.weights;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.Activation;
import org.unimo.graph.weights.BertNames.Role;
import org.unimo.graph.weights.BertNames.Slot;

/**
 * A BERT-family encoder's weights in the unified encoder's variable names, with the sizes they
 * imply and the source tensors the encoder does not use (listed, never silently dropped). Made by
 * {@link EncoderImport} from a checkpoint in one of the supported formats.
 *
 * @param format the checkpoint's format, e.g. {@code onnx}, {@code safetensors (bert)}, {@code tf-savedmodel}
 * @param source where it was read from (a file or directory)
 * @param variables by variable path, in the encoder's orientation
 * @param unused the source's tensors that no variable takes, by their source names
 */
public record ImportedEncoder(
    String format, String source, EncoderShape shape, Map<String, FloatTensor> variables, List<String> unused) {
  public ImportedEncoder {
    variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    unused = List.copyOf(unused);
  }

  /** A tensor found in a checkpoint, under its own name there, in the encoder's orientation. */
  record Found(String sourceName, FloatTensor tensor) {}

  /** A checkpoint in one format: how it names and stores each BERT tensor. */
  interface Scheme {
    /** The tensor BERT calls {@code slot.bertName()}, or empty when the checkpoint lacks it. */
    Optional<Found> find(Slot slot) throws IOException;

    /** The checkpoint's name for a BERT name, for messages about a missing tensor. */
    String sourceName(Slot slot);

    /** Every tensor name in the checkpoint. */
    Set<String> names();
  }

  /**
   * What a format knows beyond the tensors' shapes: from a config.json, the ONNX graph's constants,
   * or the format's fixed conventions. Null where unknown.
   */
  record Hints(
      @Nullable Integer heads,
      @Nullable Float layerNormEpsilon,
      @Nullable Activation activation,
      int positionOffset,
      String origin) {}

  /**
   * Reads every slot of the encoder from {@code scheme}: the sizes from the embedding tables and the
   * first layer, the layer count from the layers present, then each tensor checked against them.
   *
   * @throws IOException naming the tensor and both shapes on a mismatch, the missing tensor, or
   *     what a hint lacks
   */
  static ImportedEncoder assemble(String format, String source, Scheme checkpoint, Hints hints) throws IOException {
    // Sizes are read from the same tensors the variables take: decode (and transpose) each once.
    Scheme scheme = once(checkpoint);
    List<Slot> embeddings = BertNames.slots(0);
    FloatTensor word = require(scheme, embeddings.get(0), source);
    FloatTensor positions = require(scheme, embeddings.get(1), source);
    if (word.shape().length != 2 || positions.shape().length != 2) {
      throw new IOException(source + ": embedding tables must be matrices, got " + word.shapeText() + " and " + positions.shapeText());
    }
    int vocab = (int) word.shape()[0];
    int hidden = (int) word.shape()[1];
    Optional<Found> types = scheme.find(embeddings.get(2));
    int typeVocab = types.map(t -> (int) t.tensor().shape()[0]).orElse(0);
    int layers = 0;
    while (scheme.find(layerSlot(layers, "attention/query/kernel")).isPresent()) {
      layers++;
    }
    if (layers == 0) {
      throw new IOException(source + ": no encoder layers found (looked for " + scheme.sourceName(layerSlot(0, "attention/query/kernel")) + ")");
    }
    FloatTensor intermediate = require(scheme, layerSlot(0, "ffn/intermediate/kernel"), source);
    int ffn = (int) intermediate.shape()[intermediate.shape().length - 1];
    List<Slot> slots = BertNames.slots(layers);
    boolean pooler = scheme.find(slot(slots, "pooler/dense/kernel")).isPresent();
    if (hints.heads() == null) {
      throw new IOException(source + ": the number of attention heads is not recorded (" + hints.origin() + ")");
    }
    EncoderShape shape =
        new EncoderShape(
            vocab,
            hidden,
            layers,
            hints.heads(),
            ffn,
            (int) positions.shape()[0],
            typeVocab,
            hints.positionOffset(),
            hints.layerNormEpsilon() == null ? 1e-12f : hints.layerNormEpsilon(),
            hints.activation() == null ? Activation.GELU : hints.activation(),
            pooler);
    Map<String, FloatTensor> variables = new LinkedHashMap<>();
    Set<String> used = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (Slot slot : slots) {
      Optional<Found> found = scheme.find(slot);
      if (found.isEmpty()) {
        if (!slot.optional()) {
          problems.add(scheme.sourceName(slot) + ": missing (for " + slot.variable() + ")");
        }
        continue;
      }
      long[] expected = expectedShape(slot, shape);
      FloatTensor tensor = found.get().tensor();
      if (!tensor.hasShape(expected)) {
        problems.add(
            found.get().sourceName() + ": shape " + tensor.shapeText() + ", the encoder's " + slot.variable() + " needs " + Arrays.toString(expected));
        continue;
      }
      variables.put(slot.variable(), tensor);
      used.add(found.get().sourceName());
    }
    if (!problems.isEmpty()) {
      throw new IOException(source + " (" + format + "): " + String.join("; ", problems));
    }
    List<String> unused = scheme.names().stream().filter(n -> !used.contains(n)).sorted().toList();
    return new ImportedEncoder(format, source, shape, variables, unused);
  }

  private static Slot layerSlot(int layer, String part) {
    return slot(BertNames.slots(layer + 1), "encoder/layer_" + layer + "/" + part);
  }

  private static Slot slot(List<Slot> slots, String variable) {
    return slots.stream().filter(s -> s.variable().equals(variable)).findFirst().orElseThrow();
  }

  /** {@code scheme} remembering what each slot's lookup found. */
  private static Scheme once(Scheme scheme) {
    Map<Slot, Optional<Found>> found = new java.util.HashMap<>();
    return new Scheme() {
      @Override
      public Optional<Found> find(Slot slot) throws IOException {
        Optional<Found> known = found.get(slot);
        if (known == null) {
          known = scheme.find(slot);
          found.put(slot, known);
        }
        return known;
      }

      @Override
      public String sourceName(Slot slot) {
        return scheme.sourceName(slot);
      }

      @Override
      public Set<String> names() {
        return scheme.names();
      }
    };
  }

  private static FloatTensor require(Scheme scheme, Slot slot, String source) throws IOException {
    return scheme.find(slot)
        .orElseThrow(() -> new IOException(source + ": no tensor " + scheme.sourceName(slot) + " (for " + slot.variable() + ")"))
        .tensor();
  }

  /** The shape the encoder's variable has for these sizes. */
  static long[] expectedShape(Slot slot, EncoderShape shape) {
    String v = slot.variable();
    long h = shape.hidden();
    long f = shape.ffn();
    return switch (v) {
      case "embeddings/word" -> new long[] {shape.vocab(), h};
      case "embeddings/position" -> new long[] {shape.maxPositions(), h};
      case "embeddings/token_type" -> new long[] {shape.typeVocab(), h};
      default -> {
        if (slot.role() == Role.MATRIX) {
          yield v.contains("/ffn/intermediate/") ? new long[] {h, f} : v.contains("/ffn/output/") ? new long[] {f, h} : new long[] {h, h};
        }
        yield v.contains("/ffn/intermediate/") ? new long[] {f} : new long[] {h};
      }
    };
  }
}
