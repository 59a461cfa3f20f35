package org.unimo.dsl;
public record ImageSpec(int featureSize, int maxRegions, int boxFeatures) {}
