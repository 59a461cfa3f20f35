package org.unimo.dsl;
public record DataSpec(java.util.Optional<ShapesWorldSpec> shapesWorld) {}
