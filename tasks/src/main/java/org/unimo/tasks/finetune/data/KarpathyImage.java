package org.unimo.tasks.finetune.data;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One image of a Karpathy split file with its captions.
 *
 * @param imageId {@code cocoid} when the entry has one ({@code 391895}, as COCO's region features
 *     are keyed), else the file name without its extension ({@code 1000092795.jpg} gives {@code
 *     1000092795}, as Flickr30k's are)
 * @param filename the entry's {@code filename}, as written
 * @param split {@code train}, {@code restval}, {@code val} or {@code test}
 * @param captions the {@code raw} text of each sentence, stripped, in file order; never empty
 * @param where {@code file:line: images[i]}, for messages about this image
 */
public record KarpathyImage(String imageId, String filename, String split, List<String> captions, String where) {
  public KarpathyImage {
    requireNonNull(imageId, "imageId");
    requireNonNull(filename, "filename");
    requireNonNull(split, "split");
    requireNonNull(where, "where");
    captions = List.copyOf(captions);
    if (captions.isEmpty()) {
      throw new IllegalArgumentException(where + ": an image needs a caption");
    }
  }
}
