/**
 * The caption-rewriting pipeline: every producer of CMCL samples in one pass over a caption set.
 *
 * <p>{@link org.unimo.rewriting.pipeline.CaptionRewriter} parses the captions once to harvest the
 * scene vocabulary, then streams them (in input order) through TF-IDF mining and, per caption,
 * back-translation, WordNet paraphrasing, scene-graph rewriting and retrieval of related images
 * and texts. {@code unimo rewrite} writes its output; the trainer feeds it to CMCL.
 */
@NullMarked
package org.unimo.rewriting.pipeline;

import org.jspecify.annotations.NullMarked;
