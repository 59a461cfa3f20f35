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
 */
public record OptimizerSpec(
    float learningRate,
    float beta1,
    float beta2,
    float epsilon,
    int warmupSteps,
    boolean linearDecay,
    float clipNorm) {}
