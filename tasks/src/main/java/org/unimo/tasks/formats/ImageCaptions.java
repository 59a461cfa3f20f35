package org.unimo.tasks.formats;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The captions of one image, in file order.
 *
 * @param imageId the id that joins the image to its region features (see {@link CaptionSources}
 *     for where each format keeps it)
 * @param split the image's split ({@code "train"}, {@code "restval"}, {@code "val"}, {@code
 *     "test"} in Karpathy's files), or null when the file gives none
 * @param captions at least one; stripped, never blank
 */
public record ImageCaptions(String imageId, @Nullable String split, List<String> captions) {
  public ImageCaptions {
    requireNonNull(imageId, "imageId");
    captions = List.copyOf(captions);
    if (captions.isEmpty()) {
      throw new IllegalArgumentException("image " + imageId + " has no captions");
    }
  }
}
