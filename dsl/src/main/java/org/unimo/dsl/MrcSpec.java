package org.unimo.dsl;
public record MrcSpec(float weight, float rate, Target target, int classes) implements ObjectiveSpec { public enum Target { SOFT, HARD } public String path() { return "objectives.mrc"; } public String name() { return "mrc"; } public DataKind data() { return DataKind.IMAGE; } }
