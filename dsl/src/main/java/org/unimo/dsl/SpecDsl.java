package org.unimo.dsl;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import kotlin.DslMarker;

/**
 * The DSL marker of the model DSL: every builder class carries it.
 *
 * <p>In Kotlin a block sees the builders of all enclosing blocks as implicit receivers, so
 * without a marker {@code encoder { seed(7) }} would silently call the outer {@link
 * ModelSpec.Builder#seed}. Because this annotation is itself annotated with {@link DslMarker},
 * Kotlin allows only the innermost marked receiver to be used implicitly: that line fails to
 * compile ("can't be called in this context by implicit receiver"), and a script that really
 * means the outer builder says so with a labelled {@code this@define.seed(7)}.
 *
 * <p>Java callers are unaffected. The Kotlin standard library (where {@link DslMarker} lives)
 * is needed only to compile this module: the annotation's class-file retention means nothing
 * reads it at run time, so the DSL does not put Kotlin on a Java user's class path.
 */
@DslMarker
@Documented
// CLASS, like Kotlin's own BINARY DSL markers: the Kotlin compiler reads it from class files,
// nothing needs it reflectively.
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SpecDsl {}
