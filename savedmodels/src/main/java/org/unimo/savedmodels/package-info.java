/**
 * Trained models as SavedModels, and a {@link org.unimo.savedmodels.Predictor} that serves them.
 *
 * <p>An export directory holds {@code saved_model.pb} and {@code variables/} (readable by any
 * TensorFlow runtime) plus {@code assets.extra/}: the model's spec as text format and its
 * tokenizer, so a predictor can take raw strings. The signatures are documented in {@link
 * org.unimo.savedmodels.Signatures}.
 */
@NullMarked
package org.unimo.savedmodels;

import org.jspecify.annotations.NullMarked;
