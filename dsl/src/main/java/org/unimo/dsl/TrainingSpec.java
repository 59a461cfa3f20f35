package org.unimo.dsl;
public record TrainingSpec(int batchSize, int steps, java.util.Optional<DataMixSpec> mix) {}
