/** Model scripts in Java (and, beside them, in Kotlin) that build the configs under examples/configs. */
@NullMarked
package org.unimo.examples;

import org.jspecify.annotations.NullMarked;
