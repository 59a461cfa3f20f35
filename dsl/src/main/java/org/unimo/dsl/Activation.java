package org.unimo.dsl;

/** The feed-forward activation of the encoder ({@code encoder.activation}). */
public enum Activation {
  /** Gaussian error linear unit, as BERT and UNIMO use (the default). */
  GELU,
  /** Rectified linear unit. */
  RELU,
  /** GELU's tanh approximation, as Google's TensorFlow BERT computes it. */
  GELU_TANH
}
