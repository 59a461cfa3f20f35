package org.unimo.graph.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A safetensors file (the format HuggingFace publishes weights in): an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian
 * data. Read whole into memory (the encoders this toolkit imports are at most a few hundred MB).
 *
 * <p>Every inconsistency (a truncated file, a header that is not JSON, an unknown dtype, a byte range
 * outside the data or of the wrong size for its shape) is an {@link IOException} naming the file
 * and, where there is one, the tensor.
 */
public final class SafeTensors {
  /** The element types a file may hold, and their sizes in bytes. */
  public enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    public int bytes() {
      return bytes;
    }
  }

  /** One tensor's header entry. */
  public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    /** Number of elements: the product of the shape (1 for a scalar). */
    public long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }

    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  private final Path file;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;
  private final ByteBuffer data;

  private SafeTensors(Path file, Map<String, Entry> entries, Map<String, String> metadata, ByteBuffer data) {
    this.file = file;
    this.entries = entries;
    this.metadata = metadata;
    this.data = data;
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws IOException naming the file (and the tensor) when it is missing or malformed
   */
  public static SafeTensors read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no safetensors file here");
    }
    ByteBuffer all;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw new IOException(file + ": " + size + " bytes; files over 2 GiB are not supported");
      }
      all = ByteBuffer.allocate((int) size);
      while (all.hasRemaining() && channel.read(all) >= 0) {
        // read fully
      }
      all.flip();
    }
    if (all.remaining() < 8) {
      throw new IOException(file + ": " + all.remaining() + " bytes, too short for a safetensors header");
    }
    long headerLength = all.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    if (headerLength < 2 || headerLength > all.remaining() - 8L) {
      throw new IOException(file + ": header length " + headerLength + " does not fit the file's " + all.remaining() + " bytes");
    }
    String header = new String(all.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
    JsonObject json;
    try {
      json = JsonParser.parseString(header).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new IOException(file + ": the header is not a JSON object: " + e.getMessage(), e);
    }
    int dataStart = (int) (8 + headerLength);
    ByteBuffer data = all.slice(dataStart, all.limit() - dataStart).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Entry> entries = new TreeMap<>();
    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, JsonElement> field : json.entrySet()) {
      String name = field.getKey();
      if (name.equals("__metadata__")) {
        for (Map.Entry<String, JsonElement> m : field.getValue().getAsJsonObject().entrySet()) {
          metadata.put(m.getKey(), m.getValue().getAsString());
        }
        continue;
      }
      entries.put(name, entry(file, name, field.getValue(), data.limit()));
    }
    return new SafeTensors(file, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata), data);
  }

  private static Entry entry(Path file, String name, JsonElement value, long dataBytes) throws IOException {
    String where = file + ": tensor " + name;
    try {
      JsonObject object = value.getAsJsonObject();
      String dtypeName = object.get("dtype").getAsString();
      DType dtype;
      try {
        dtype = DType.valueOf(dtypeName);
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ": unknown dtype " + dtypeName);
      }
      var shapeArray = object.getAsJsonArray("shape");
      long[] shape = new long[shapeArray.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeArray.get(i).getAsLong();
        if (shape[i] < 0) {
          throw new IOException(where + ": negative dimension in shape " + shapeArray);
        }
      }
      var offsets = object.getAsJsonArray("data_offsets");
      long begin = offsets.get(0).getAsLong();
      long end = offsets.get(1).getAsLong();
      Entry entry = new Entry(name, dtype, shape, begin, end);
      if (begin < 0 || end < begin || end > dataBytes) {
        throw new IOException(where + ": byte range [" + begin + ", " + end + ") outside the data's " + dataBytes + " bytes");
      }
      if (end - begin != entry.elements() * dtype.bytes()) {
        throw new IOException(
            where + ": " + (end - begin) + " bytes for shape " + Arrays.toString(shape) + " of " + dtype
                + ", which needs " + entry.elements() * dtype.bytes());
      }
      return entry;
    } catch (NullPointerException | IllegalStateException | ClassCastException | IndexOutOfBoundsException e) {
      throw new IOException(where + ": malformed header entry " + value, e);
    }
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** Every tensor, by name. */
  public Map<String, Entry> entries() {
    return entries;
  }

  /** The header's {@code __metadata__}, if any. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Tensor {@code name}'s values as float32, row-major: F32 as stored, F16, BF16 and F64 converted.
   *
   * @throws IOException naming the file and tensor if there is no such tensor or it is not a float
   */
  public float[] floats(String name) throws IOException {
    Entry entry = entries.get(name);
    if (entry == null) {
      throw new IOException(file + ": no tensor " + name);
    }
    int n = (int) entry.elements();
    float[] values = new float[n];
    int at = (int) entry.begin();
    switch (entry.dtype()) {
      case F32 -> {
        for (int i = 0; i < n; i++) {
          values[i] = data.getFloat(at + 4 * i);
        }
      }
      case F64 -> {
        for (int i = 0; i < n; i++) {
          values[i] = (float) data.getDouble(at + 8 * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          values[i] = halfToFloat(data.getShort(at + 2 * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          values[i] = Float.intBitsToFloat((data.getShort(at + 2 * i) & 0xffff) << 16);
        }
      }
      default -> throw new IOException(file + ": tensor " + entry + " is not a floating-point tensor");
    }
    return values;
  }

  /** Tensor {@code name} as float32 with its shape; see {@link #floats}. */
  public FloatTensor tensor(String name) throws IOException {
    float[] values = floats(name);
    return new FloatTensor(entries.get(name).shape().clone(), values);
  }

  /**
   * Writes {@code tensors} (float32, in name order) with {@code metadata} to {@code file}: to a
   * temporary file beside it, then renamed into place.
   */
  public static void write(Path file, Map<String, FloatTensor> tensors, Map<String, String> metadata) throws IOException {
    Map<String, FloatTensor> sorted = new TreeMap<>(tensors);
    JsonObject header = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      new TreeMap<>(metadata).forEach(meta::addProperty);
      header.add("__metadata__", meta);
    }
    long offset = 0;
    List<FloatTensor> order = new ArrayList<>();
    for (Map.Entry<String, FloatTensor> t : sorted.entrySet()) {
      JsonObject entry = new JsonObject();
      entry.addProperty("dtype", "F32");
      var shape = new com.google.gson.JsonArray();
      for (long d : t.getValue().shape()) {
        shape.add(d);
      }
      entry.add("shape", shape);
      var offsets = new com.google.gson.JsonArray();
      long bytes = 4L * t.getValue().values().length;
      offsets.add(offset);
      offsets.add(offset + bytes);
      entry.add("data_offsets", offsets);
      header.add(t.getKey(), entry);
      offset += bytes;
      order.add(t.getValue());
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    // Pad the header with spaces to a multiple of 8, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate((int) (8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded);
    out.put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (FloatTensor t : order) {
      for (float v : t.values()) {
        out.putFloat(v);
      }
    }
    Path temp = file.resolveSibling(file.getFileName() + ".partial");
    Files.write(temp, out.array());
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** IEEE 754 binary16 to float32 (exact: every half is a float). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity or NaN
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
