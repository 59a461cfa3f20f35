/**
 * The generation heads: {@link org.unimo.graph.heads.generation.Captioning} (image to text) and
 * {@link org.unimo.graph.heads.generation.TextToText}, trained with UniLM's seq2seq mask and the
 * shared LM head, served as a {@code decode_HEAD} step that {@link
 * org.unimo.graph.decoding.Generator} runs.
 */
@NullMarked
package org.unimo.graph.heads.generation;

import org.jspecify.annotations.NullMarked;
