/**
 * The vocabulary shared by every stage of caption rewriting: what kind of sample a rewriter
 * produced ({@link org.unimo.rewriting.samples.SampleKind}) and the sample itself with where it
 * came from ({@link org.unimo.rewriting.samples.Sample}).
 *
 * <p>CMCL contrasts an image-text pair against positives (paraphrases, back-translations, related
 * images, related texts) and hard negatives (TF-IDF neighbours, scene-graph rewrites). Each
 * producer in {@code org.unimo.rewriting} returns {@code Sample}s of its kinds; the {@code unimo
 * rewrite} command writes them out, and the trainer feeds them to the contrastive loss.
 */
@NullMarked
package org.unimo.rewriting.samples;

import org.jspecify.annotations.NullMarked;
