package org.unimo.dsl;
public record CaptionGenerationSpec(float weight) implements ObjectiveSpec { public String path() { return "objectives.caption_generation"; } public String name() { return "caption_generation"; } public DataKind data() { return DataKind.PAIR; } }
