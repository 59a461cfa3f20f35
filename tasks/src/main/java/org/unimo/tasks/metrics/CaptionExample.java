package org.unimo.tasks.metrics;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One image of a caption evaluation: the generated caption and the reference captions, either raw
 * or as {@link PtbTokenizer} left them (tokens joined by spaces), depending on the stage.
 *
 * @param imageId the image, for messages
 * @param candidate the caption to score
 * @param references at least one
 */
public record CaptionExample(String imageId, String candidate, List<String> references) {
  public CaptionExample {
    requireNonNull(imageId, "imageId");
    requireNonNull(candidate, "candidate");
    references = List.copyOf(references);
    if (references.isEmpty()) {
      throw new IllegalArgumentException("image " + imageId + " has no reference captions");
    }
  }
}
