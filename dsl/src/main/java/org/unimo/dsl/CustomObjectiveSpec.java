package org.unimo.dsl;
public record CustomObjectiveSpec(String name, float weight, DataKind data, java.util.Map<String, Double> params) implements ObjectiveSpec { public String path() { return "objectives.custom[" + name + "]"; } }
