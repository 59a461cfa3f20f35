package org.unimo.dsl;

/**
 * The embedded synthetic data set: rendered scenes of 2-5 shapes with scene-graph captions.
 *
 * @param trainScenes scenes with captions to train on
 * @param heldoutScenes scenes kept out of training, for retrieval evaluation
 * @param imageOnlyScenes scenes without captions (image data)
 * @param captionsPerScene captions generated per scene
 * @param wordnetGlosses WordNet 3.1 glosses added to the text corpus
 */
public record ShapesWorldSpec(
    int trainScenes, int heldoutScenes, int imageOnlyScenes, int captionsPerScene, int wordnetGlosses) {}
