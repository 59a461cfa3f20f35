/**
 * The model DSL: a fluent builder that validates into an immutable, protobuf-backed {@link
 * org.unimo.dsl.ModelSpec}.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.builder("tiny")
 *     .seed(7)
 *     .text(t -> t.byteBpe(1000).maxLength(24))
 *     .image(i -> i.featureSize(64).maxRegions(5))
 *     .encoder(e -> e.layers(2).hidden(128).heads(4).ffn(512))
 *     .maskedLm(m -> m.rate(0.15f))
 *     .cmcl(c -> c.temperature(0.1f))
 *     .build();
 * }</pre>
 *
 * <p>A spec prints to a canonical text format ({@link org.unimo.dsl.ModelSpec#toTextProto()})
 * that parses back to an equal spec, and has a {@link org.unimo.dsl.ModelSpec#fingerprint()
 * fingerprint} that is stable across processes and machines.
 *
 * <p>Code reads a spec through typed, immutable views with the toolkit's own enums: {@link
 * org.unimo.dsl.ModelSpec#encoder()}, {@link org.unimo.dsl.ModelSpec#objectives()} (each objective
 * an {@link org.unimo.dsl.ObjectiveSpec}), {@link org.unimo.dsl.ModelSpec#heads()} and the rest. The
 * generated messages of {@code org.unimo.dsl.proto} are for persistence and for this package.
 */
@NullMarked
package org.unimo.dsl;

import org.jspecify.annotations.NullMarked;
