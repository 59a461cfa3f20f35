package org.unimo.dsl;
public record SequenceClassificationSpec(String name, float weight, int classes, String labels, float dropout) implements HeadSpec { public String path() { return "heads[" + name + "]"; } public DataKind data() { return DataKind.TEXT; } }
