package org.unimo.dsl;
public record DataMixSpec(float text, float image, float pair) { public float ratio(DataKind k) { return switch (k) { case TEXT -> text; case IMAGE -> image; case PAIR -> pair; }; } }
