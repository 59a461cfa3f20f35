package org.unimo.dsl;

/**
 * A nested block of the DSL: configures one section's builder.
 *
 * <p>In Java: {@code .encoder(e -> e.layers(2).hidden(128))}. In Kotlin (with the {@code
 * sam-with-receiver} plugin set to {@link HasImplicitReceiver}): {@code encoder { layers(2);
 * hidden(128) }}.
 *
 * @param <T> the builder the block configures
 */
@FunctionalInterface
@HasImplicitReceiver
public interface Block<T> {
  /** Configures {@code target} in place. */
  void configure(T target);
}
