package org.unimo.tasks.pretrain;

import org.unimo.graph.ImageBatch;
import org.unimo.graph.TextBatch;

/**
 * Image-text pairs: row i of {@code text} describes row i of {@code image}.
 *
 * @param scenes row i's training scene
 * @param captions row i's caption, by index among its scene's captions
 */
public record PairBatch(TextBatch text, ImageBatch image, int[] scenes, int[] captions) {}
