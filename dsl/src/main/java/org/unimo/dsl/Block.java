package org.unimo.dsl;

/**
 * A nested block of the DSL: configures one section's builder.
 *
 * <p>In Java: {@code .encoder(e -> e.layers(2).hidden(128))}. In Kotlin (with the {@code
 * sam-with-receiver} plugin set to {@link HasImplicitReceiver}): {@code encoder { layers(2);
 * hidden(128) }}. Every builder is marked {@link SpecDsl}, a Kotlin DSL marker, so inside a block
 * only that block's builder is an implicit receiver: {@code encoder { seed(7) }} does not compile
 * rather than quietly setting the outer spec's seed.
 *
 * @param <T> the builder the block configures
 */
@FunctionalInterface
@HasImplicitReceiver
public interface Block<T> {
  /** Configures {@code target} in place. */
  void configure(T target);
}
