package org.unimo.dsl;

import org.unimo.dsl.proto.Optimizer;

/** Configures Adam with linear warmup and (optionally) linear decay. */
@SpecDsl
public final class OptimizerBuilder {
  private final Optimizer.Builder proto;

  OptimizerBuilder(Optimizer.Builder proto) {
    this.proto = proto;
  }

  /** Peak learning rate, reached at the end of warmup. */
  public OptimizerBuilder learningRate(float rate) {
    proto.setLearningRate(rate);
    return this;
  }

  public OptimizerBuilder beta1(float beta1) {
    proto.setBeta1(beta1);
    return this;
  }

  public OptimizerBuilder beta2(float beta2) {
    proto.setBeta2(beta2);
    return this;
  }

  public OptimizerBuilder epsilon(float epsilon) {
    proto.setEpsilon(epsilon);
    return this;
  }

  public OptimizerBuilder warmupSteps(int steps) {
    proto.setWarmupSteps(steps);
    return this;
  }

  /** Decay linearly to zero at the last training step (on by default). */
  public OptimizerBuilder linearDecay(boolean decay) {
    proto.setLinearDecay(decay);
    return this;
  }

  /** Global gradient-norm clipping; 0 disables it. */
  public OptimizerBuilder clipNorm(float norm) {
    proto.setClipNorm(norm);
    return this;
  }

  /**
   * AdamW's decoupled weight decay of the matrices and embedding tables (not biases, LayerNorm or
   * scalars): each step multiplies them by {@code 1 - rate * decay} before Adam's update.
   */
  public OptimizerBuilder weightDecay(float decay) {
    proto.setWeightDecay(decay);
    return this;
  }

  /**
   * Layer-wise learning-rate decay for fine-tuning: layer l of L learns at {@code rate *
   * decay^(L - l)}, the embeddings at {@code rate * decay^(L + 1)}, the heads at the rate.
   */
  public OptimizerBuilder layerDecay(float decay) {
    proto.setLayerDecay(decay);
    return this;
  }

  /** Warmup as a fraction of {@code training.steps}, instead of {@link #warmupSteps}. */
  public OptimizerBuilder warmupProportion(float proportion) {
    proto.setWarmupProportion(proportion);
    return this;
  }
}
