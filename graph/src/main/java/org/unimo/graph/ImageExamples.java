package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A batch of images without text: the regions as the graph takes them, and per image the
 * detector's class distribution of each region ({@code [regions][classes]}).
 */
public record ImageExamples(ImageBatch batch, List<ImageRegions> images, List<float[][]> classProbs) {
  public ImageExamples {
    requireNonNull(batch, "batch");
    images = List.copyOf(images);
    classProbs = List.copyOf(classProbs);
    if (images.size() != batch.size() || classProbs.size() != batch.size()) {
      throw new IllegalArgumentException("an image batch of " + batch.size() + " needs as many images and class tables");
    }
  }

  /** Images {@code from} to {@code from + count - 1}. */
  public ImageExamples rows(int from, int count) {
    return new ImageExamples(
        batch.rows(from, count), images.subList(from, from + count), classProbs.subList(from, from + count));
  }
}
