package org.unimo.dsl;
public record PairMlmSpec(float weight, TokenMasking masking) implements ObjectiveSpec { public String path() { return "objectives.pair_mlm"; } public String name() { return "pair_mlm"; } public DataKind data() { return DataKind.PAIR; } }
