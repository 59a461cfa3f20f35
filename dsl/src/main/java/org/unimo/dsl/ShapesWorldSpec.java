package org.unimo.dsl;
public record ShapesWorldSpec(int trainScenes, int heldoutScenes, int imageOnlyScenes, int captionsPerScene, int wordnetGlosses) {}
