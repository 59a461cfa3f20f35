package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelTest {
  /** A length-delimited field holding {@code message}. */
  private static void message(CodedOutputStream out, int field, byte[] message) throws Exception {
    out.writeByteArray(field, message);
  }

  private static byte[] bytes(ThrowingWriter writer) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(buffer);
    writer.write(out);
    out.flush();
    return buffer.toByteArray();
  }

  interface ThrowingWriter {
    void write(CodedOutputStream out) throws Exception;
  }

  @Test
  void readsInitializersRawAndPackedAndNodesOfAHandWrittenModel() throws Exception {
    ByteBuffer raw = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    byte[] weight =
        bytes(out -> {
          out.writeInt64(1, 1);
          out.writeInt64(1, 2);
          out.writeInt32(2, OnnxModel.FLOAT);
          out.writeString(8, "onnx::MatMul_1");
          out.writeBytes(9, ByteString.copyFrom(raw.array()));
        });
    byte[] bias =
        bytes(out -> {
          out.writeInt64(1, 2);
          out.writeInt32(2, OnnxModel.FLOAT);
          out.writeFloat(4, 0.25f);
          out.writeFloat(4, 0.5f);
          out.writeString(8, "dense.bias");
        });
    byte[] node =
        bytes(out -> {
          out.writeString(1, "x");
          out.writeString(1, "onnx::MatMul_1");
          out.writeString(2, "y");
          out.writeString(3, "/dense/MatMul");
          out.writeString(4, "MatMul");
        });
    byte[] graph =
        bytes(out -> {
          message(out, 1, node);
          out.writeString(2, "tiny");
          message(out, 5, weight);
          message(out, 5, bias);
        });
    byte[] model =
        bytes(out -> {
          out.writeInt64(1, 8);
          out.writeString(2, "a test");
          message(out, 7, graph);
        });
    OnnxModel read = OnnxModel.read(Path.of("tiny.onnx"), new ByteArrayInputStream(model));
    assertThat(read.initializers()).containsOnlyKeys("onnx::MatMul_1", "dense.bias");
    assertThat(read.initializers().get("onnx::MatMul_1").dims()).containsExactly(1, 2);
    assertThat(read.initializers().get("onnx::MatMul_1").floats()).containsExactly(1.5f, -2f);
    assertThat(read.initializers().get("dense.bias").floats()).containsExactly(0.25f, 0.5f);
    assertThat(read.weightsByNode("MatMul")).containsOnlyKeys("/dense/MatMul");
    assertThat(read.weightsByNode("MatMul").get("/dense/MatMul").name()).isEqualTo("onnx::MatMul_1");
  }

  @Test
  void aFileThatIsNotAModelIsNamed(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("x.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertThatThrownBy(() -> OnnxModel.read(file)).hasMessageContaining("x.onnx: not an ONNX model");
    assertThatThrownBy(() -> OnnxModel.read(dir.resolve("none.onnx"))).hasMessageContaining("none.onnx");
  }

  @Test
  void allMiniLmL6V2sWeightsAreFoundByTheNodesThatReadThem() throws Exception {
    OnnxModel model;
    try (InputStream in = OnnxModelTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      assertThat(in).as("the MiniLM artifact on the test class path").isNotNull();
      model = OnnxModel.read(Path.of("all-minilm-l6-v2.onnx"), in);
    }
    assertThat(model.initializers().get("embeddings.word_embeddings.weight").dims()).containsExactly(30522, 384);
    assertThat(model.initializers().get("embeddings.token_type_embeddings.weight").dims()).containsExactly(2, 384);
    Map<String, OnnxModel.Initializer> matMuls = model.weightsByNode("MatMul");
    // Per layer: query, key, value, attention output, intermediate, output.
    assertThat(matMuls).hasSize(36);
    for (int layer = 0; layer < 6; layer++) {
      String prefix = "/encoder/layer." + layer + "/";
      assertThat(matMuls.get(prefix + "attention/self/query/MatMul").dims()).containsExactly(384, 384);
      assertThat(matMuls.get(prefix + "attention/self/key/MatMul").dims()).containsExactly(384, 384);
      assertThat(matMuls.get(prefix + "intermediate/dense/MatMul").dims()).containsExactly(384, 1536);
      assertThat(matMuls.get(prefix + "output/dense/MatMul").dims()).containsExactly(1536, 384);
    }
    // The query and key weights of a layer are different tensors (a swap would still type-check).
    assertThat(matMuls.get("/encoder/layer.0/attention/self/query/MatMul").name())
        .isNotEqualTo(matMuls.get("/encoder/layer.0/attention/self/key/MatMul").name());
  }

  /** A Constant node named {@code name} with output {@code output} and the attribute {@code attribute}. */
  private static byte[] constantNode(String name, String output, byte[] attribute) throws Exception {
    return bytes(out -> {
      out.writeString(2, output);
      out.writeString(3, name);
      out.writeString(4, "Constant");
      message(out, 5, attribute);
    });
  }

  /** An AttributeProto "value" holding {@code tensor} (type TENSOR = 4). */
  private static byte[] tensorAttribute(byte[] tensor) throws Exception {
    return bytes(out -> {
      out.writeString(1, "value");
      message(out, 5, tensor);
      out.writeInt32(20, 4);
    });
  }

  @Test
  void readsTheValuesOfConstantNodesOfEveryNumericEncoding() throws Exception {
    byte[] scale = tensorAttribute(bytes(out -> {
      out.writeInt32(2, OnnxModel.FLOAT);
      out.writeBytes(9, ByteString.copyFrom(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(5.656854f).array()));
    }));
    byte[] shapeInt64Packed = tensorAttribute(bytes(out -> {
      out.writeInt64(1, 3);
      out.writeInt32(2, OnnxModel.INT64);
      out.writeByteArray(7, bytes(packed -> {
        packed.writeInt64NoTag(0);
        packed.writeInt64NoTag(-1);
        packed.writeInt64NoTag(32);
      }));
    }));
    byte[] axesInt64Raw = tensorAttribute(bytes(out -> {
      out.writeInt64(1, 2);
      out.writeInt32(2, OnnxModel.INT64);
      out.writeBytes(9, ByteString.copyFrom(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(2).putLong(-3).array()));
    }));
    byte[] matrixFloatData = tensorAttribute(bytes(out -> {
      out.writeInt64(1, 2);
      out.writeInt64(1, 1);
      out.writeInt32(2, OnnxModel.FLOAT);
      out.writeFloat(4, 0.5f);
      out.writeFloat(4, -1f);
    }));
    byte[] epsilonDouble = tensorAttribute(bytes(out -> {
      out.writeInt32(2, OnnxModel.DOUBLE);
      out.writeDouble(10, 1e-12);
    }));
    byte[] flag = tensorAttribute(bytes(out -> {
      out.writeInt32(2, 9); // BOOL: not converted
      out.writeBytes(9, ByteString.copyFrom(new byte[] {1}));
    }));
    byte[] valueFloat = bytes(out -> {
      out.writeString(1, "value_float");
      out.writeFloat(2, 0.5f);
      out.writeInt32(20, 1);
    });
    byte[] valueInts = bytes(out -> {
      out.writeString(1, "value_ints");
      out.writeInt64(8, 4);
      out.writeInt64(8, 5);
      out.writeInt32(20, 7);
    });
    byte[] div =
        bytes(out -> {
          out.writeString(1, "scores");
          out.writeString(1, "scale");
          out.writeString(2, "scaled");
          out.writeString(3, "/attention/Div");
          out.writeString(4, "Div");
        });
    byte[] graph =
        bytes(out -> {
          message(out, 1, constantNode("/attention/Constant", "scale", scale));
          message(out, 1, div);
          message(out, 1, constantNode("/c/shape", "shape", shapeInt64Packed));
          message(out, 1, constantNode("/c/axes", "axes", axesInt64Raw));
          message(out, 1, constantNode("/c/matrix", "matrix", matrixFloatData));
          message(out, 1, constantNode("/c/epsilon", "epsilon", epsilonDouble));
          message(out, 1, constantNode("/c/flag", "flag", flag));
          message(out, 1, constantNode("/c/half", "half", valueFloat));
          message(out, 1, constantNode("/c/ints", "ints", valueInts));
        });
    OnnxModel read = OnnxModel.read(Path.of("constants.onnx"), new ByteArrayInputStream(bytes(out -> message(out, 7, graph))));

    OnnxModel.Node divNode = read.nodes().stream().filter(n -> n.opType().equals("Div")).findFirst().orElseThrow();
    FloatTensor scaleValue = read.constant(divNode.inputs().get(1)).orElseThrow();
    assertThat(scaleValue.shape()).isEmpty();
    assertThat(scaleValue.values()).containsExactly(5.656854f);
    assertThat(read.constant("shape").orElseThrow().shape()).containsExactly(3);
    assertThat(read.constant("shape").orElseThrow().values()).containsExactly(0f, -1f, 32f);
    assertThat(read.constant("axes").orElseThrow().values()).containsExactly(2f, -3f);
    assertThat(read.constant("matrix").orElseThrow().shape()).containsExactly(2, 1);
    assertThat(read.constant("matrix").orElseThrow().values()).containsExactly(0.5f, -1f);
    assertThat(read.constant("epsilon").orElseThrow().values()).containsExactly(1e-12f);
    assertThat(read.constant("half").orElseThrow().values()).containsExactly(0.5f);
    assertThat(read.constant("ints").orElseThrow().values()).containsExactly(4f, 5f);
    assertThat(read.constant("flag")).as("a bool constant").isEmpty();
    assertThat(read.constant("scaled")).as("the output of a Div").isEmpty();
    assertThat(read.constant("nothing")).isEmpty();
    assertThat(read.nodes()).hasSize(9);
  }

  @Test
  void aConstantWhoseValuesDoNotFitItsDimsIsNamed() throws Exception {
    byte[] wrong = tensorAttribute(bytes(out -> {
      out.writeInt64(1, 3);
      out.writeInt32(2, OnnxModel.FLOAT);
      out.writeFloat(4, 1f);
    }));
    byte[] graph = bytes(out -> message(out, 1, constantNode("/bad/Constant", "bad", wrong)));
    assertThatThrownBy(() -> OnnxModel.read(Path.of("bad.onnx"), new ByteArrayInputStream(bytes(out -> message(out, 7, graph)))))
        .hasMessageContaining("bad.onnx")
        .hasMessageContaining("/bad/Constant");
  }

  @Test
  void allMiniLmL6V2sConstantsGiveItsHeadSizeEpsilonAndErfGelu() throws Exception {
    OnnxModel model;
    try (InputStream in = OnnxModelTest.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
      model = OnnxModel.read(Path.of("all-minilm-l6-v2.onnx"), in);
    }
    Map<String, OnnxModel.Node> byName = new java.util.HashMap<>();
    model.nodes().forEach(n -> byName.put(n.name(), n));

    // Attention scores are divided by sqrt(head size): sqrt(32), so 384 / 32 = 12 heads.
    for (int layer = 0; layer < 6; layer++) {
      OnnxModel.Node div = byName.get("/encoder/layer." + layer + "/attention/self/Div");
      FloatTensor scale = model.constant(div.inputs().get(1)).orElseThrow();
      assertThat(scale.values()).hasSize(1);
      assertThat(scale.values()[0]).isCloseTo((float) Math.sqrt(32), within(1e-6f));
    }
    // LayerNorm: (x - mean) / sqrt(variance + epsilon), epsilon = 1e-12.
    OnnxModel.Node add = byName.get("/embeddings/LayerNorm/Add");
    assertThat(add.inputs().get(0)).isEqualTo("/embeddings/LayerNorm/ReduceMean_1_output_0");
    assertThat(model.constant(add.inputs().get(1)).orElseThrow().values()).containsExactly(1e-12f);
    assertThat(model.constant(byName.get("/encoder/layer.5/output/LayerNorm/Add").inputs().get(1)).orElseThrow().values())
        .containsExactly(1e-12f);

    // GELU is the exact erf form, 0.5 x (1 + erf(x / sqrt 2)): one Erf node per layer.
    List<OnnxModel.Node> erfs = model.nodes().stream().filter(n -> n.opType().equals("Erf")).toList();
    assertThat(erfs).extracting(OnnxModel.Node::name)
        .containsExactly(
            "/encoder/layer.0/intermediate/intermediate_act_fn/Erf",
            "/encoder/layer.1/intermediate/intermediate_act_fn/Erf",
            "/encoder/layer.2/intermediate/intermediate_act_fn/Erf",
            "/encoder/layer.3/intermediate/intermediate_act_fn/Erf",
            "/encoder/layer.4/intermediate/intermediate_act_fn/Erf",
            "/encoder/layer.5/intermediate/intermediate_act_fn/Erf");
    String act = "/encoder/layer.0/intermediate/intermediate_act_fn/";
    assertThat(model.constant(byName.get(act + "Div").inputs().get(1)).orElseThrow().values()[0])
        .isCloseTo((float) Math.sqrt(2), within(1e-6f));
    assertThat(model.nodes().stream().map(OnnxModel.Node::opType)).doesNotContain("Tanh", "Gelu", "FastGelu");
  }
}
