package org.unimo.dsl;
public record CompileSpec(XlaMode xlaMode, Precision precision, int intraOpThreads, int interOpThreads, float initialLossScale, int lossScaleGrowthInterval) {}
