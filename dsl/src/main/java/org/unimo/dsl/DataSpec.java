package org.unimo.dsl;

import java.util.Optional;

/**
 * Where the training data comes from.
 *
 * @param shapesWorld the embedded synthetic data set, when the spec trains on it
 */
public record DataSpec(Optional<ShapesWorldSpec> shapesWorld) {}
