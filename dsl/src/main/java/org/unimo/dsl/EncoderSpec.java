package org.unimo.dsl;
public record EncoderSpec(int layers, int hidden, int heads, int ffn, Activation activation, float dropout, float initializerRange, int maxPositions, Pooling pooling, float layerNormEpsilon) {}
