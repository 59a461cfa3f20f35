package org.unimo.graph.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  /** A file as the format's reference writer lays it out, from a header and raw data. */
  private static Path file(Path dir, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json).put(data);
    Path file = dir.resolve("model.safetensors");
    Files.write(file, out.array());
    return file;
  }

  @Test
  void writtenTensorsReadBackWithShapesAndMetadata(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("w.safetensors");
    SafeTensors.write(
        file,
        Map.of(
            "encoder.layer.0.attention.self.query.weight", new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}),
            "embeddings.LayerNorm.bias", new FloatTensor(new long[] {3}, new float[] {0.25f, 0, -1})),
        Map.of("format", "pt"));
    SafeTensors read = SafeTensors.read(file);
    assertThat(read.entries()).containsOnlyKeys("encoder.layer.0.attention.self.query.weight", "embeddings.LayerNorm.bias");
    assertThat(read.entries().get("encoder.layer.0.attention.self.query.weight").shape()).containsExactly(2, 3);
    assertThat(read.floats("encoder.layer.0.attention.self.query.weight")).containsExactly(1, 2, 3, 4, 5, -6.5f);
    assertThat(read.floats("embeddings.LayerNorm.bias")).containsExactly(0.25f, 0, -1);
    assertThat(read.metadata()).containsEntry("format", "pt");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void halfAndBfloat16AreWidenedExactly(@TempDir Path dir) throws Exception {
    // F16: 1.0 = 0x3C00, -2.5 = 0xC100, 2^-24 (smallest subnormal) = 0x0001; BF16: 1.5 = 0x3FC0.
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3C00).putShort((short) 0xC100).putShort((short) 0x0001).putShort((short) 0x3FC0);
    Path file =
        file(
            dir,
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[6,8]}}",
            data.array());
    SafeTensors read = SafeTensors.read(file);
    assertThat(read.floats("h")).containsExactly(1f, -2.5f, 0x1p-24f);
    assertThat(read.floats("b")).containsExactly(1.5f);
    assertThat(SafeTensors.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(SafeTensors.halfToFloat((short) 0x7BFF)).isEqualTo(65504f);
  }

  @Test
  void malformedFilesAreNamedWithTheTensor(@TempDir Path dir) throws Exception {
    Path wrongSize = file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
    assertThatThrownBy(() -> SafeTensors.read(wrongSize))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tensor w: 12 bytes for shape [2, 2] of F32, which needs 16");
    Path outside = file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
    assertThatThrownBy(() -> SafeTensors.read(outside)).hasMessageContaining("tensor w: byte range [0, 16) outside the data's 8 bytes");
    Path dtype = file(dir, "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
    assertThatThrownBy(() -> SafeTensors.read(dtype)).hasMessageContaining("tensor w: unknown dtype Q4");
    Path notJson = file(dir, "not json at all", new byte[0]);
    assertThatThrownBy(() -> SafeTensors.read(notJson)).hasMessageContaining("the header is not a JSON object");
    Path truncated = dir.resolve("short.safetensors");
    Files.write(truncated, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafeTensors.read(truncated)).hasMessageContaining("too short for a safetensors header");
    assertThatThrownBy(() -> SafeTensors.read(dir.resolve("missing.safetensors"))).hasMessageContaining("missing.safetensors");
    Path ints = file(dir, "{\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    assertThatThrownBy(() -> SafeTensors.read(ints).floats("i")).hasMessageContaining("is not a floating-point tensor");
    assertThatThrownBy(() -> SafeTensors.read(ints).floats("nope")).hasMessageContaining("no tensor nope");
  }
}
