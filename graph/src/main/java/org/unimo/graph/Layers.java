package org.unimo.graph;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;
import org.unimo.dsl.Activation;
import org.unimo.dsl.Precision;
import org.unimo.graph.Params.Init;

/**
 * Building blocks shared by the encoder and the heads: dense, LayerNorm, activations, dropout.
 *
 * <p>Dropout uses stateless random ops keyed on (spec seed, hash of the op's scope name, global
 * step): a run that resumes from a checkpoint draws the same masks as an uninterrupted one, two
 * processes with the same seed draw the same masks, and adding or reordering other parts of the
 * graph renumbers nothing (a mask depends on where it sits, not on how many came before it).
 *
 * <p>Public for objectives and heads, which build their graphs from these blocks.
 */
public final class Layers {
  private final Params params;
  private final long seed;
  private final float layerNormEpsilon;
  private final Operand<TInt64> step;
  /** The matrix products' type, or null for float32 throughout. */
  private final @Nullable Class<? extends TNumber> lowPrecision;

  /**
   * @param precision FP32, or BF16 / FP16: the encoder's and heads' matrix products run in
   *     bfloat16 / float16 (inputs cast down, products cast back), everything else (variables,
   *     LayerNorm, softmax, losses) in float32
   */
  Layers(Params params, long seed, Operand<TInt64> step, Precision precision, float layerNormEpsilon) {
    this.layerNormEpsilon = layerNormEpsilon;
    this.params = params;
    this.seed = seed;
    this.step = step;
    this.lowPrecision =
        switch (precision) {
          case FP32 -> null;
          case BF16 -> TBfloat16.class;
          case FP16 -> TFloat16.class;
        };
  }

  /** {@code a @ b} in the compile precision, returned in float32. */
  public Operand<TFloat32> matMul(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, MatMul.Options... options) {
    return lowPrecision == null ? tf.linalg.matMul(a, b, options) : matMulIn(lowPrecision, tf, a, b, options);
  }

  private static <T extends TNumber> Operand<TFloat32> matMulIn(
      Class<T> type, Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, MatMul.Options... options) {
    Operand<T> product = tf.linalg.matMul(tf.dtypes.cast(a, type), tf.dtypes.cast(b, type), options);
    return tf.dtypes.cast(product, TFloat32.class);
  }

  /** A two-operand einsum in the compile precision, returned in float32. */
  public Operand<TFloat32> einsum(Ops tf, String equation, Operand<TFloat32> a, Operand<TFloat32> b) {
    return lowPrecision == null
        ? tf.linalg.einsum(List.of(a, b), equation)
        : einsumIn(lowPrecision, tf, equation, a, b);
  }

  private static <T extends TNumber> Operand<TFloat32> einsumIn(
      Class<T> type, Ops tf, String equation, Operand<TFloat32> a, Operand<TFloat32> b) {
    Operand<T> product = tf.linalg.einsum(List.of(tf.dtypes.cast(a, type), tf.dtypes.cast(b, type)), equation);
    return tf.dtypes.cast(product, TFloat32.class);
  }

  public Params params() {
    return params;
  }

  /** {@code x @ kernel + bias} on the last axis of a [N, in] tensor. */
  public Operand<TFloat32> dense(Ops tf, Operand<TFloat32> x, int in, int out, String path) {
    Operand<TFloat32> kernel = params.get(path + "/kernel", Shape.of(in, out), Init.TRUNCATED_NORMAL);
    Operand<TFloat32> bias = params.get(path + "/bias", Shape.of(out), Init.ZEROS);
    return tf.nn.biasAdd(matMul(tf, x, kernel), bias);
  }

  /** Dense on the last axis of a [B, L, in] tensor, returning [B, L, out]. */
  public Operand<TFloat32> dense(Ops tf, Operand<TFloat32> x, int length, int in, int out, String path) {
    Operand<TFloat32> flat = tf.reshape(x, tf.constant(new int[] {-1, in}));
    return tf.reshape(dense(tf, flat, in, out, path), tf.constant(new int[] {-1, length, out}));
  }

  /** LayerNorm over the last axis, with the spec's epsilon (encoder.layer_norm_epsilon). */
  public Operand<TFloat32> layerNorm(Ops tf, Operand<TFloat32> x, int size, String path) {
    Operand<TFloat32> gamma = params.get(path + "/gamma", Shape.of(size), Init.ONES);
    Operand<TFloat32> beta = params.get(path + "/beta", Shape.of(size), Init.ZEROS);
    Operand<TFloat32> mean = tf.math.mean(x, tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.squaredDifference(x, mean), tf.constant(-1), Mean.keepDims(true));
    Operand<TFloat32> normalized =
        tf.math.mul(
            tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(variance, tf.constant(layerNormEpsilon))));
    return tf.math.add(tf.math.mul(normalized, gamma), beta);
  }

  /** The exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))}. */
  public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> cdf =
        tf.math.mul(
            tf.constant(0.5f),
            tf.math.add(
                tf.constant(1f),
                tf.math.erf(tf.math.mul(x, tf.constant((float) (1 / Math.sqrt(2)))))));
    return tf.math.mul(x, cdf);
  }

  /** GELU's tanh approximation, {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
  public static Operand<TFloat32> geluTanh(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> cube = tf.math.mul(tf.math.mul(x, x), x);
    Operand<TFloat32> inner =
        tf.math.mul(
            tf.constant((float) Math.sqrt(2 / Math.PI)),
            tf.math.add(x, tf.math.mul(tf.constant(0.044715f), cube)));
    return tf.math.mul(tf.math.mul(tf.constant(0.5f), x), tf.math.add(tf.constant(1f), tf.math.tanh(inner)));
  }

  public static Operand<TFloat32> activation(Ops tf, Operand<TFloat32> x, Activation kind) {
    return switch (kind) {
      case GELU -> gelu(tf, x);
      case RELU -> tf.nn.relu(x);
      case GELU_TANH -> geluTanh(tf, x);
    };
  }

  /** Inverted dropout; the identity when {@code rate} is 0 or the mode does not train. */
  public Operand<TFloat32> dropout(Ops tf, Operand<TFloat32> x, float rate, boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    // The unique name this dropout gets in its scope (e.g. "NAME/encoder/layer_0/attention/dropout").
    String name = tf.scope().makeOpName("dropout");
    Operand<TInt64> opSeed = tf.stack(java.util.List.of(tf.constant(seed ^ Params.nameHash(name)), step));
    Operand<TFloat32> uniform = tf.random.statelessRandomUniform(tf.shape(x), opSeed);
    Operand<TFloat32> keep =
        tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }

  /** Rows scaled to unit L2 norm. */
  public static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x) {
    Operand<TFloat32> squares =
        tf.reduceSum(tf.math.square(x), tf.constant(-1), org.tensorflow.op.core.ReduceSum.keepDims(true));
    return tf.math.mul(x, tf.math.rsqrt(tf.math.maximum(squares, tf.constant(1e-12f))));
  }
}
