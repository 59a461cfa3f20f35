package org.unimo.dsl;

/**
 * Adam with linear warmup, then (optionally) linear decay to zero at the last step.
 *
 * @param learningRate the peak learning rate, reached at the end of warmup
 * @param beta1 Adam's beta1
 * @param beta2 Adam's beta2
 * @param epsilon Adam's epsilon
 * @param warmupSteps steps of linear warmup
 * @param linearDecay whether the rate decays linearly to zero at {@code training.steps}
 * @param clipNorm global gradient-norm clipping; 0 disables it
 * @param weightDecay AdamW's decoupled weight decay of the matrices and embedding tables (0: none)
 * @param layerDecay layer-wise learning-rate decay (1: none), see {@link #rateScale}
 * @param warmupProportion warmup as a fraction of the training steps; above 0 it replaces {@code
 *     warmupSteps}
 */
public record OptimizerSpec(
    float learningRate,
    float beta1,
    float beta2,
    float epsilon,
    int warmupSteps,
    boolean linearDecay,
    float clipNorm,
    float weightDecay,
    float layerDecay,
    float warmupProportion) {
  /** Adam without weight decay, layer-wise decay or a warmup proportion. */
  public OptimizerSpec(
      float learningRate, float beta1, float beta2, float epsilon, int warmupSteps, boolean linearDecay, float clipNorm) {
    this(learningRate, beta1, beta2, epsilon, warmupSteps, linearDecay, clipNorm, 0f, 1f, 0f);
  }

  /** The warmup in steps for a run of {@code totalSteps}: the proportion's when set, else {@code warmupSteps}. */
  public int warmup(int totalSteps) {
    return warmupProportion > 0 ? Math.round(warmupProportion * totalSteps) : warmupSteps;
  }

  /**
   * The factor on the learning rate of a variable at depth {@code depth} of an encoder of {@code
   * layers} layers: depth 0 the embeddings, 1 to {@code layers} the layers, {@code layers + 1}
   * everything above them (pooler, heads). {@code layerDecay^(layers + 1 - depth)}.
   */
  public double rateScale(int depth, int layers) {
    return Math.pow(layerDecay, layers + 1 - depth);
  }
}
