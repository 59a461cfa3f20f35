package org.unimo.rewriting.retrieval;

import static java.util.Objects.requireNonNull;

/**
 * One caption of a caption corpus and the image it describes; an image usually has several.
 *
 * @param imageId the image's id, never blank; captions with equal ids describe the same image
 * @param text the caption
 */
public record Caption(String imageId, String text) {
  public Caption {
    requireNonNull(imageId, "imageId");
    requireNonNull(text, "text");
    if (imageId.isBlank()) {
      throw new IllegalArgumentException("the caption \"" + text + "\" has a blank image id");
    }
  }
}
