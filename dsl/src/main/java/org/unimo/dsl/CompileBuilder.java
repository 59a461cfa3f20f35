package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Compile;

/** Configures how the spec compiles to a TensorFlow graph and session. */
@SpecDsl
public final class CompileBuilder {
  private final Compile.Builder proto;

  CompileBuilder(Compile.Builder proto) {
    this.proto = proto;
  }

  /**
   * XLA JIT compilation of the step: {@code AUTO} (the default) on GPUs and off on CPU, where it
   * was measured to gain nothing and to slow fp16 down; {@code ON} and {@code OFF} force it.
   */
  public CompileBuilder xla(XlaMode mode) {
    proto.setXlaMode(ProtoEnums.toProto(requireNonNull(mode, "mode")));
    return this;
  }



  /**
   * FP32; BF16 or FP16 matrix products with float32 master weights, LayerNorm, softmax and
   * losses. FP16 trains with dynamic loss scaling ({@link #initialLossScale}, {@link
   * #lossScaleGrowthInterval}).
   */
  public CompileBuilder precision(Precision precision) {
    proto.setPrecision(ProtoEnums.toProto(requireNonNull(precision, "precision")));
    return this;
  }



  /** FP16: the loss scale of the first step (default 2^15); at least 1. */
  public CompileBuilder initialLossScale(float scale) {
    proto.setInitialLossScale(scale);
    return this;
  }

  /** FP16: how many finite steps in a row double the loss scale (default 2000); at least 1. */
  public CompileBuilder lossScaleGrowthInterval(int steps) {
    proto.setLossScaleGrowthInterval(steps);
    return this;
  }

  /** Intra-op threads; a fixed count makes CPU runs reproducible. 0 lets TensorFlow choose. */
  public CompileBuilder intraOpThreads(int threads) {
    proto.setIntraOpThreads(threads);
    return this;
  }

  public CompileBuilder interOpThreads(int threads) {
    proto.setInterOpThreads(threads);
    return this;
  }
}
