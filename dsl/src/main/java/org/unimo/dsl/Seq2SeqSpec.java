package org.unimo.dsl;
public record Seq2SeqSpec(float weight, Attention attention) implements ObjectiveSpec { public enum Attention { SEQ2SEQ, LEFT_TO_RIGHT } public String path() { return "objectives.seq2seq"; } public String name() { return "seq2seq"; } public DataKind data() { return DataKind.TEXT; } }
