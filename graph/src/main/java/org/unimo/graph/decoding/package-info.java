/**
 * Decoding for the generation heads: {@link org.unimo.graph.decoding.BeamSearch} (greedy and beam
 * search with length penalty, minimum and maximum length and no-repeat n-grams) over any {@link
 * org.unimo.graph.decoding.StepScorer}, and {@link org.unimo.graph.decoding.Generator}, which asks
 * a model's {@code decode_HEAD} step (the live training graph or an exported SavedModel) for the
 * next token's log-probabilities.
 */
@NullMarked
package org.unimo.graph.decoding;

import org.jspecify.annotations.NullMarked;
