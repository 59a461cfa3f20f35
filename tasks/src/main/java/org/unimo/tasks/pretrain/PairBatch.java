package org.unimo.tasks.pretrain;

import org.unimo.graph.ImageBatch;
import org.unimo.graph.TextBatch;

/** Image-text pairs: row i of {@code text} describes row i of {@code image}. */
public record PairBatch(TextBatch text, ImageBatch image) {}
