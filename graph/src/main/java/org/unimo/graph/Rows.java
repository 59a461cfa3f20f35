package org.unimo.graph;

/** Row slices of the row-major arrays batches keep: what a micro-batch copies out of its batch. */
public final class Rows {
  private Rows() {}

  public static void check(int from, int count, int size) {
    if (from < 0 || count < 0 || from + count > size) {
      throw new IndexOutOfBoundsException("rows " + from + " to " + (from + count - 1) + " of a batch of " + size);
    }
  }

  public static int[] copy(int[] values, int from, int count, int rowLength) {
    return java.util.Arrays.copyOfRange(values, from * rowLength, (from + count) * rowLength);
  }

  public static float[] copy(float[] values, int from, int count, int rowLength) {
    return java.util.Arrays.copyOfRange(values, from * rowLength, (from + count) * rowLength);
  }
}
