package org.unimo.dsl;

/**
 * How the spec compiles to a TensorFlow graph and session.
 *
 * @param xlaMode whether the step is compiled with XLA
 * @param precision the precision of the matrix products
 * @param intraOpThreads intra-op threads; reproducible for a fixed count; 0 lets TensorFlow choose
 * @param interOpThreads inter-op threads
 * @param initialLossScale FP16 only: the dynamic loss scale of the first step
 * @param lossScaleGrowthInterval FP16 only: finite steps in a row that double the loss scale
 */
public record CompileSpec(
    XlaMode xlaMode,
    Precision precision,
    int intraOpThreads,
    int interOpThreads,
    float initialLossScale,
    int lossScaleGrowthInterval) {}
