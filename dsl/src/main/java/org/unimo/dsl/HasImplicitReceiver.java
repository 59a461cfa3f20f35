package org.unimo.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a single-method interface whose argument Kotlin should pass as {@code this}.
 *
 * <p>Kotlin's {@code sam-with-receiver} compiler plugin, configured with this annotation, turns
 * {@code encoder { layers(2) }} into a call of {@link Block#configure} with the encoder builder as
 * the receiver. Java callers see an ordinary functional interface.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HasImplicitReceiver {}
