/**
 * Sentence-level positives for CMCL: back-translations through translation SavedModels, and
 * WordNet paraphrases when no translation model is at hand.
 */
@NullMarked
package org.unimo.rewriting.paraphrase;

import org.jspecify.annotations.NullMarked;
