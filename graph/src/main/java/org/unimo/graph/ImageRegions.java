package org.unimo.graph;

import static java.util.Objects.requireNonNull;

/**
 * One image as detected regions: a feature vector and a location vector per region.
 *
 * @param features [regions][feature size]
 * @param boxes [regions][box size]: normalized x1, y1, x2, y2, area
 */
public record ImageRegions(float[][] features, float[][] boxes) {
  public ImageRegions {
    requireNonNull(features, "features");
    requireNonNull(boxes, "boxes");
    if (features.length != boxes.length) {
      throw new IllegalArgumentException(
          features.length + " region features but " + boxes.length + " boxes");
    }
  }

  public int regions() {
    return features.length;
  }
}
