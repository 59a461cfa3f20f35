package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
