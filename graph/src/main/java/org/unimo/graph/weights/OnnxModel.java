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
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The weights and the node graph of an ONNX model file, read straight from its protobuf encoding
 * (ONNX Runtime's Java API runs a model but does not expose its weights).
 *
 * <p>Only what an importer needs is read: the graph's initializers (name, element type, dims,
 * values), its nodes (op type, name, inputs, outputs) and the values of its {@code Constant} nodes
 * ({@link #constant(String)}: scale factors, epsilons). Field numbers are those of the ONNX
 * specification's {@code onnx.proto}: {@code ModelProto.graph} 7; {@code GraphProto.node} 1,
 * {@code initializer} 5; {@code NodeProto.input} 1, {@code output} 2, {@code name} 3, {@code
 * op_type} 4, {@code attribute} 5; {@code AttributeProto.name} 1, {@code f} 2, {@code i} 3, {@code
 * t} 5, {@code floats} 7, {@code ints} 8; {@code TensorProto.dims} 1, {@code data_type} 2, {@code
 * float_data} 4, {@code int32_data} 5, {@code int64_data} 7, {@code name} 8, {@code raw_data} 9,
 * {@code double_data} 10. Everything else is skipped. Weights stored outside the file ({@code
 * external_data}) are not supported and are named as such.
 */
public final class OnnxModel {
  /** ONNX's element type FLOAT. */
  public static final int FLOAT = 1;

  /** ONNX's element type INT32. */
  public static final int INT32 = 6;

  /** ONNX's element type INT64. */
  public static final int INT64 = 7;

  /** ONNX's element type DOUBLE. */
  public static final int DOUBLE = 11;

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
  private final Map<String, FloatTensor> constants;

  private OnnxModel(Path file, Map<String, Initializer> initializers, List<Node> nodes, Map<String, FloatTensor> constants) {
    this.file = file;
    this.initializers = initializers;
    this.nodes = nodes;
    this.constants = constants;
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
    Map<String, FloatTensor> constants = new LinkedHashMap<>();
    boolean sawGraph = false;
    try {
      for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          sawGraph = true;
          readGraph(file, model.readBytes().newCodedInput(), initializers, nodes, constants);
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
    return new OnnxModel(file, Collections.unmodifiableMap(initializers), List.copyOf(nodes), Collections.unmodifiableMap(constants));
  }

  private static void readGraph(
      Path file, CodedInputStream graph, Map<String, Initializer> initializers, List<Node> nodes, Map<String, FloatTensor> constants)
      throws IOException {
    graph.setSizeLimit(Integer.MAX_VALUE);
    for (int tag = graph.readTag(); tag != 0; tag = graph.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        nodes.add(readNode(file, graph.readBytes().newCodedInput(), constants));
      } else if (field == 5 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        TensorData tensor = readTensor(graph.readBytes().newCodedInput());
        if (tensor.external()) {
          throw new IOException(file + ": initializer " + tensor.name() + " keeps its data in an external file, which is not supported");
        }
        initializers.put(tensor.name(), new Initializer(tensor.name(), tensor.dataType(), tensor.dims(), tensor.raw(), tensor.floats()));
      } else {
        graph.skipField(tag);
      }
    }
  }

  /**
   * Reads a node; a {@code Constant} node's value, if its type converts to float ({@link
   * #constant(String)}), goes into {@code constants} under the node's output name.
   */
  private static Node readNode(Path file, CodedInputStream node, Map<String, FloatTensor> constants) throws IOException {
    String name = "";
    String opType = "";
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    List<Attribute> attributes = new ArrayList<>();
    for (int tag = node.readTag(); tag != 0; tag = node.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(node.readStringRequireUtf8());
        case 2 -> outputs.add(node.readStringRequireUtf8());
        case 3 -> name = node.readStringRequireUtf8();
        case 4 -> opType = node.readStringRequireUtf8();
        case 5 -> attributes.add(readAttribute(node.readBytes().newCodedInput()));
        default -> node.skipField(tag);
      }
    }
    if (opType.equals("Constant") && outputs.size() == 1) {
      for (Attribute attribute : attributes) {
        FloatTensor value = attribute.constantValue(file, name);
        if (value != null) {
          constants.put(outputs.get(0), value);
        }
      }
    }
    return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs));
  }

  /**
   * The parts of an {@code AttributeProto} a {@code Constant} node's value can be in: {@code value}
   * (a tensor), {@code value_float}, {@code value_floats}, {@code value_int}, {@code value_ints}.
   */
  private record Attribute(String name, @Nullable TensorData tensor, float[] floats, long[] ints, boolean hasF, boolean hasI) {
    /** The value this attribute gives a Constant node, as float32; null if none or not numeric. */
    @Nullable
    FloatTensor constantValue(Path file, String node) throws IOException {
      switch (name) {
        case "value" -> {
          if (tensor == null) {
            return null;
          }
          if (tensor.external()) {
            throw new IOException(file + ": constant " + node + " keeps its data in an external file, which is not supported");
          }
          float[] values = tensor.asFloats();
          if (values == null) {
            return null;
          }
          long count = 1;
          for (long d : tensor.dims()) {
            count *= d;
          }
          if (count != values.length) {
            throw new IOException(file + ": constant " + node + " has " + values.length + " values for dims " + Arrays.toString(tensor.dims()));
          }
          return new FloatTensor(tensor.dims(), values);
        }
        case "value_float" -> {
          return hasF ? new FloatTensor(new long[0], floats.clone()) : null;
        }
        case "value_floats" -> {
          return new FloatTensor(new long[] {floats.length}, floats.clone());
        }
        case "value_int" -> {
          return hasI ? new FloatTensor(new long[0], new float[] {ints[0]}) : null;
        }
        case "value_ints" -> {
          float[] values = new float[ints.length];
          for (int i = 0; i < values.length; i++) {
            values[i] = ints[i];
          }
          return new FloatTensor(new long[] {values.length}, values);
        }
        default -> {
          return null;
        }
      }
    }
  }

  private static Attribute readAttribute(CodedInputStream attribute) throws IOException {
    attribute.setSizeLimit(Integer.MAX_VALUE);
    String name = "";
    TensorData tensor = null;
    List<Float> floats = new ArrayList<>();
    List<Long> ints = new ArrayList<>();
    boolean hasF = false;
    boolean hasI = false;
    for (int tag = attribute.readTag(); tag != 0; tag = attribute.readTag()) {
      int wire = WireFormat.getTagWireType(tag);
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = attribute.readStringRequireUtf8();
        case 2 -> {
          floats.clear();
          floats.add(attribute.readFloat());
          hasF = true;
        }
        case 3 -> {
          ints.clear();
          ints.add(attribute.readInt64());
          hasI = true;
        }
        case 5 -> tensor = readTensor(attribute.readBytes().newCodedInput());
        case 7 -> readRepeated(attribute, wire, () -> floats.add(attribute.readFloat()));
        case 8 -> readRepeated(attribute, wire, () -> ints.add(attribute.readInt64()));
        default -> attribute.skipField(tag);
      }
    }
    float[] f = new float[floats.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = floats.get(i);
    }
    return new Attribute(name, tensor, f, ints.stream().mapToLong(Long::longValue).toArray(), hasF, hasI);
  }

  /** A {@code TensorProto} as stored: its typed fields and raw bytes, unconverted. */
  private record TensorData(
      String name, int dataType, long[] dims, byte[] raw, float[] floats, int[] int32s, long[] int64s, double[] doubles, boolean external) {
    /** The values as float32 (FLOAT as is; DOUBLE, INT32, INT64 converted), or null for other types. */
    float @Nullable [] asFloats() {
      ByteBuffer bytes = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
      float[] out;
      switch (dataType) {
        case FLOAT -> {
          if (raw.length == 0) {
            return floats.clone();
          }
          out = new float[raw.length / 4];
          bytes.asFloatBuffer().get(out);
        }
        case DOUBLE -> {
          out = new float[raw.length == 0 ? doubles.length : raw.length / 8];
          for (int i = 0; i < out.length; i++) {
            out[i] = (float) (raw.length == 0 ? doubles[i] : bytes.getDouble(8 * i));
          }
        }
        case INT32 -> {
          out = new float[raw.length == 0 ? int32s.length : raw.length / 4];
          for (int i = 0; i < out.length; i++) {
            out[i] = raw.length == 0 ? int32s[i] : bytes.getInt(4 * i);
          }
        }
        case INT64 -> {
          out = new float[raw.length == 0 ? int64s.length : raw.length / 8];
          for (int i = 0; i < out.length; i++) {
            out[i] = raw.length == 0 ? int64s[i] : bytes.getLong(8 * i);
          }
        }
        default -> {
          return null;
        }
      }
      return out;
    }
  }

  private static TensorData readTensor(CodedInputStream tensor) throws IOException {
    tensor.setSizeLimit(Integer.MAX_VALUE);
    String name = "";
    int dataType = 0;
    List<Long> dims = new ArrayList<>();
    byte[] raw = new byte[0];
    List<Float> floatData = new ArrayList<>();
    List<Integer> int32Data = new ArrayList<>();
    List<Long> int64Data = new ArrayList<>();
    List<Double> doubleData = new ArrayList<>();
    boolean external = false;
    for (int tag = tensor.readTag(); tag != 0; tag = tensor.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      int wire = WireFormat.getTagWireType(tag);
      switch (field) {
        case 1 -> readRepeated(tensor, wire, () -> dims.add(tensor.readInt64()));
        case 2 -> dataType = tensor.readInt32();
        case 4 -> readRepeated(tensor, wire, () -> floatData.add(tensor.readFloat()));
        case 5 -> readRepeated(tensor, wire, () -> int32Data.add(tensor.readInt32()));
        case 7 -> readRepeated(tensor, wire, () -> int64Data.add(tensor.readInt64()));
        case 8 -> name = tensor.readStringRequireUtf8();
        case 9 -> raw = tensor.readByteArray();
        case 10 -> readRepeated(tensor, wire, () -> doubleData.add(tensor.readDouble()));
        case 13 -> {
          external = true;
          tensor.skipField(tag);
        }
        default -> tensor.skipField(tag);
      }
    }
    float[] floats = new float[floatData.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = floatData.get(i);
    }
    return new TensorData(
        name,
        dataType,
        dims.stream().mapToLong(Long::longValue).toArray(),
        raw,
        floats,
        int32Data.stream().mapToInt(Integer::intValue).toArray(),
        int64Data.stream().mapToLong(Long::longValue).toArray(),
        doubleData.stream().mapToDouble(Double::doubleValue).toArray(),
        external);
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

  /**
   * The value of the {@code Constant} node whose output is {@code outputName}, as float32 with its
   * dims ({@code []} for a scalar): from its {@code value} tensor (FLOAT as is; DOUBLE, INT32 and
   * INT64 converted) or its {@code value_float(s)} / {@code value_int(s)} attribute. Empty if no
   * Constant node has that output, or its value is of another type (bool, string, float16, ...).
   * Initializers are not constants here: see {@link #initializers()}.
   */
  public Optional<FloatTensor> constant(String outputName) {
    return Optional.ofNullable(constants.get(outputName));
  }

  /** The nodes, in file order (ONNX keeps them topologically sorted). */
  public List<Node> nodes() {
    return nodes;
  }
}
