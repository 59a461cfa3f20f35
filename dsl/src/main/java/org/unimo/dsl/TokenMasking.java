package org.unimo.dsl;
public record TokenMasking(float rate, float maskShare, float randomShare, int maxPredictions, boolean wholeWord) {}
