package org.unimo.dsl;
public record CmclSpec(float weight, float temperature, boolean learnTemperature, CmclSamplesSpec samples) implements ObjectiveSpec { public String path() { return "objectives.cmcl"; } public String name() { return "cmcl"; } public DataKind data() { return DataKind.PAIR; } }
