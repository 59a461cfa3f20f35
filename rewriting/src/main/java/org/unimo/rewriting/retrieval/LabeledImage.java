package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * An image as the class labels of its detected regions, one label per region, repeats kept
 * ("person", "person", "horse"): a multiset of labels.
 *
 * @param imageId the image's id, never blank
 * @param labels the regions' class labels, none blank
 */
public record LabeledImage(String imageId, List<String> labels) {
  public LabeledImage {
    requireNonNull(imageId, "imageId");
    labels = List.copyOf(labels);
    if (imageId.isBlank()) {
      throw new IllegalArgumentException("an image has a blank id");
    }
    for (String label : labels) {
      if (label.isBlank()) {
        throw new IllegalArgumentException("image " + imageId + " has a blank region label");
      }
    }
  }

  /** An image whose labels are class indices (a detector's output), written in decimal. */
  public static LabeledImage ofClasses(String imageId, int... classes) {
    List<String> labels = new ArrayList<>(classes.length);
    for (int label : classes) {
      labels.add(Integer.toString(label));
    }
    return new LabeledImage(imageId, labels);
  }
}
