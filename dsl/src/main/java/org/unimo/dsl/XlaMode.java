package org.unimo.dsl;

/** Whether the training step is compiled with XLA ({@code compile.xla_mode}). */
public enum XlaMode {
  /**
   * On for GPU devices, off on CPU (the default): on CPU XLA was measured to gain nothing for fp32
   * and bf16, to cost 20-50 s of compilation, and to make fp16 about 50x slower.
   */
  AUTO,
  /** Forced on, also on CPU (needs {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit}, as ./unimo sets). */
  ON,
  /** Forced off. */
  OFF
}
