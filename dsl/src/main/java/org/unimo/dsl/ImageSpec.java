package org.unimo.dsl;

/**
 * The image-region input, {@code [IMG] v1 ... vt}: each region a feature vector and a box.
 *
 * @param featureSize size of one region feature vector (2048 for Faster R-CNN; 64 in the shapes world)
 * @param maxRegions maximum number of regions per image, excluding [IMG]
 * @param boxFeatures size of a region's location vector: normalized x1, y1, x2, y2, area
 */
public record ImageSpec(int featureSize, int maxRegions, int boxFeatures) {}
