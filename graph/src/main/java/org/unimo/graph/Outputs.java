package org.unimo.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Copies fetched tensors into Java arrays. */
public final class Outputs {
  private Outputs() {}

  /** A float32 matrix [rows, cols] as {@code float[rows][cols]}. */
  public static float[][] matrix(Tensor tensor) {
    if (!(tensor instanceof TFloat32 floats) || tensor.shape().numDimensions() != 2) {
      throw new IllegalArgumentException(
          "expected a float32 matrix, got " + tensor.dataType() + " " + tensor.shape());
    }
    int rows = (int) tensor.shape().get(0);
    int cols = (int) tensor.shape().get(1);
    float[] flat = new float[rows * cols];
    floats.copyTo(DataBuffers.of(flat, false, false));
    float[][] matrix = new float[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * cols, matrix[r], 0, cols);
    }
    return matrix;
  }

  /** A float32 tensor [a, b, c] as {@code float[a][b][c]}. */
  public static float[][][] cube(Tensor tensor) {
    if (!(tensor instanceof TFloat32 floats) || tensor.shape().numDimensions() != 3) {
      throw new IllegalArgumentException(
          "expected a float32 rank-3 tensor, got " + tensor.dataType() + " " + tensor.shape());
    }
    int a = (int) tensor.shape().get(0);
    int b = (int) tensor.shape().get(1);
    int c = (int) tensor.shape().get(2);
    float[] flat = new float[a * b * c];
    floats.copyTo(DataBuffers.of(flat, false, false));
    float[][][] cube = new float[a][b][c];
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        System.arraycopy(flat, (i * b + j) * c, cube[i][j], 0, c);
      }
    }
    return cube;
  }

  /** A float32 scalar. */
  public static float scalar(Tensor tensor) {
    if (!(tensor instanceof TFloat32 floats) || tensor.shape().numDimensions() != 0) {
      throw new IllegalArgumentException(
          "expected a float32 scalar, got " + tensor.dataType() + " " + tensor.shape());
    }
    return floats.getFloat();
  }

  /** Index of the largest value; the first one on ties. */
  public static int argmax(float[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("argmax of nothing");
    }
    int best = 0;
    for (int j = 1; j < values.length; j++) {
      if (values[j] > values[best]) {
        best = j;
      }
    }
    return best;
  }
}
