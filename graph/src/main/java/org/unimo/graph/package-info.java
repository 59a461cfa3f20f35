/**
 * Compiles a {@link org.unimo.dsl.ModelSpec} into a TensorFlow graph.
 *
 * <p>{@link org.unimo.graph.ModelCompiler#compile} returns a {@link org.unimo.graph.CompiledModel}:
 * UNIMO-style embeddings (token + position for text; projected region features + projected boxes
 * for images), a post-LayerNorm Transformer shared by all modalities, the objectives the spec
 * declares, gradients and Adam built from core ops. Every layer and objective has its own name
 * scope, so TensorBoard's graph view reads like the paper's figure.
 *
 * <p>The graph's feed and fetch names are a contract, listed in {@link org.unimo.graph.Names}.
 */
@NullMarked
package org.unimo.graph;

import org.jspecify.annotations.NullMarked;
