package org.unimo.graph.weights;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights and the node graph of an ONNX model file, read straight from its protobuf encoding
 * (ONNX Runtime's Java API runs a model but does not expose its weights).
 *
 * <p>Only what an importer needs is read: the graph's initializers (name, element type, dims,
 * values) and its nodes (op type, name, inputs, outputs). Field numbers are those of the ONNX
 * specification's {@code onnx.proto}: {@code ModelProto.graph} 7; {@code GraphProto.node} 1,
 * {@code initializer} 5; {@code NodeProto.input} 1, {@code output} 2, {@code name} 3, {@code
 * op_type} 4; {@code TensorProto.dims} 1, {@code data_type} 2, {@code float_data} 4, {@code name}
 * 8, {@code raw_data} 9. Everything else is skipped. Weights stored outside the file ({@code
 * external_data}) are not supported and are named as such.
 */
public final class OnnxModel {
  /** ONNX's element type FLOAT. */
  public static final int FLOAT = 1;

  /** A graph initializer (a weight). */
  public record Initializer(String name, int dataType, long[] dims, byte[] raw, float[] floatData) {
    /** The values as float32, row-major. */
    public float[] floats() {
      if (dataType != FLOAT) {
        throw new IllegalArgumentException(name + ": element type " + dataType + " is not FLOAT");
      }
      if (floatData.length > 0) {
        return floatData.clone();
      }
      float[] values = new float[raw.length / 4];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }

    @Override
    public String toString() {
      return name + Arrays.toString(dims);
    }
  }

  /** A node of the graph. */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

  private final Path file;
  private final Map<String, Initializer> initializers;
  private final List<Node> nodes;

  private OnnxModel(Path file, Map<String, Initializer> initializers, List<Node> nodes) {
    this.file = file;
    this.initializers = initializers;
    this.nodes = nodes;
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file if it is missing, not an ONNX model, or keeps weights
   *     outside itself
   */
  public static OnnxModel read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no ONNX model here");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(file, in);
    }
  }

  /** Reads an ONNX model from {@code in}; {@code file} names it in errors. */
  public static OnnxModel read(Path file, InputStream in) throws IOException {
    CodedInputStream model = CodedInputStream.newInstance(in);
    model.setSizeLimit(Integer.MAX_VALUE);
    Map<String, Initializer> initializers = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    boolean sawGraph = false;
    try {
      for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          sawGraph = true;
          readGraph(file, model.readBytes().newCodedInput(), initializers, nodes);
        } else {
          model.skipField(tag);
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IOException(file + ": not an ONNX model (" + e.getMessage() + ")", e);
    }
    if (!sawGraph) {
      throw new IOException(file + ": not an ONNX model (no graph)");
    }
    return new OnnxModel(file, Collections.unmodifiableMap(initializers), List.copyOf(nodes));
  }

  private static void readGraph(Path file, CodedInputStream graph, Map<String, Initializer> initializers, List<Node> nodes)
      throws IOException {
    graph.setSizeLimit(Integer.MAX_VALUE);
    for (int tag = graph.readTag(); tag != 0; tag = graph.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        nodes.add(readNode(graph.readBytes().newCodedInput()));
      } else if (field == 5 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        Initializer initializer = readTensor(file, graph.readBytes().newCodedInput());
        initializers.put(initializer.name(), initializer);
      } else {
        graph.skipField(tag);
      }
    }
  }

  private static Node readNode(CodedInputStream node) throws IOException {
    String name = "";
    String opType = "";
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (int tag = node.readTag(); tag != 0; tag = node.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(node.readStringRequireUtf8());
        case 2 -> outputs.add(node.readStringRequireUtf8());
        case 3 -> name = node.readStringRequireUtf8();
        case 4 -> opType = node.readStringRequireUtf8();
        default -> node.skipField(tag);
      }
    }
    return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs));
  }

  private static Initializer readTensor(Path file, CodedInputStream tensor) throws IOException {
    tensor.setSizeLimit(Integer.MAX_VALUE);
    String name = "";
    int dataType = 0;
    List<Long> dims = new ArrayList<>();
    byte[] raw = new byte[0];
    List<Float> floatData = new ArrayList<>();
    boolean external = false;
    for (int tag = tensor.readTag(); tag != 0; tag = tensor.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      switch (field) {
        case 1 -> readRepeated(tensor, wire, () -> dims.add(tensor.readInt64()));
        case 2 -> dataType = tensor.readInt32();
        case 4 -> readRepeated(tensor, wire, () -> floatData.add(tensor.readFloat()));
        case 8 -> name = tensor.readStringRequireUtf8();
        case 9 -> raw = tensor.readByteArray();
        case 13 -> {
          external = true;
          tensor.skipField(tag);
        }
        default -> tensor.skipField(tag);
      }
    }
    if (external) {
      throw new IOException(file + ": initializer " + name + " keeps its data in an external file, which is not supported");
    }
    float[] floats = new float[floatData.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = floatData.get(i);
    }
    return new Initializer(name, dataType, dims.stream().mapToLong(Long::longValue).toArray(), raw, floats);
  }

  /** Reads one element. */
  @FunctionalInterface
  private interface ElementReader {
    void read() throws IOException;
  }

  /** A repeated scalar field, packed (one length-delimited run) or not (one element per tag). */
  private static void readRepeated(CodedInputStream in, int wire, ElementReader element) throws IOException {
    if (wire != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      element.read();
      return;
    }
    int limit = in.pushLimit(in.readRawVarint32());
    while (in.getBytesUntilLimit() > 0) {
      element.read();
    }
    in.popLimit(limit);
  }

  public Path file() {
    return file;
  }

  /** The initializers (weights), by name, in file order. */
  public Map<String, Initializer> initializers() {
    return initializers;
  }

  /**
   * The weight each node of {@code opType} reads, by node name: for {@code MatMul}, the initializer
   * among its inputs. This is how anonymous weights ({@code onnx::MatMul_787}) are identified: by
   * the node that uses them ({@code /encoder/layer.0/attention/self/query/MatMul}).
   */
  public Map<String, Initializer> weightsByNode(String opType) {
    Map<String, Initializer> weights = new LinkedHashMap<>();
    for (Node node : nodes) {
      if (!node.opType().equals(opType)) {
        continue;
      }
      for (String input : node.inputs()) {
        Initializer weight = initializers.get(input);
        if (weight != null) {
          weights.put(node.name(), weight);
        }
      }
    }
    return weights;
  }

  /** The nodes, in file order (ONNX keeps them topologically sorted). */
  public List<Node> nodes() {
    return nodes;
  }
}
