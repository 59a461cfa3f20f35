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
}
