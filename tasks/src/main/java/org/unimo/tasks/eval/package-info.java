/** Evaluation: cross-modal retrieval on held-out scenes. */
@NullMarked
package org.unimo.tasks.eval;

import org.jspecify.annotations.NullMarked;
