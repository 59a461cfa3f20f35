package org.unimo.dsl;
public record OptimizerSpec(float learningRate, float beta1, float beta2, float epsilon, int warmupSteps, boolean linearDecay, float clipNorm) {}
