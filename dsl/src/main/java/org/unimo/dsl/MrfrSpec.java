package org.unimo.dsl;
public record MrfrSpec(float weight, float rate) implements ObjectiveSpec { public String path() { return "objectives.mrfr"; } public String name() { return "mrfr"; } public DataKind data() { return DataKind.IMAGE; } }
