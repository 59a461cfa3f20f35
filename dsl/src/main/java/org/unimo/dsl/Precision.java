package org.unimo.dsl;

/**
 * The precision of the matrix products ({@code compile.precision}); master weights, LayerNorm,
 * softmax and losses stay float32.
 */
public enum Precision {
  /** Float32 throughout (the default). */
  FP32,
  /** Bfloat16 matrix products. */
  BF16,
  /** Float16 matrix products with dynamic loss scaling. */
  FP16
}
