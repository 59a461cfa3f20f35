package org.unimo.dsl;
public record MaskedLmSpec(float weight, TokenMasking masking) implements ObjectiveSpec { public String path() { return "objectives.masked_lm"; } public String name() { return "mlm"; } public DataKind data() { return DataKind.TEXT; } }
