package org.unimo.graph.weights;

import java.util.Arrays;

/**
 * A float32 tensor held in memory: its shape and its values in row-major order. What the weight
 * readers return and the importers hand to a model.
 */
public record FloatTensor(long[] shape, float[] values) {
  public FloatTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
    }
  }

  /** The shape as text, e.g. {@code [384, 1536]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }

  /** Whether the shape is exactly {@code dims}. */
  public boolean hasShape(long... dims) {
    return Arrays.equals(shape, dims);
  }

  /** The transpose of a matrix ([a, b] to [b, a]). */
  public FloatTensor transposed() {
    if (shape.length != 2) {
      throw new IllegalStateException("transpose of a tensor of shape " + shapeText());
    }
    int rows = (int) shape[0];
    int cols = (int) shape[1];
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = values[r * cols + c];
      }
    }
    return new FloatTensor(new long[] {cols, rows}, out);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a matrix. */
  public FloatTensor rows(int from, int to) {
    if (shape.length != 2 || from < 0 || to > shape[0] || from > to) {
      throw new IllegalArgumentException("rows " + from + ".." + to + " of a tensor of shape " + shapeText());
    }
    int cols = (int) shape[1];
    return new FloatTensor(
        new long[] {to - from, cols}, Arrays.copyOfRange(values, from * cols, to * cols));
  }
}
