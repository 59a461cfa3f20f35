package org.unimo.dsl;

import java.util.List;
import java.util.Optional;

/**
 * Data in the standard formats (docs/data-formats.md): paths or globs, read from the working
 * directory when relative.
 *
 * @param pairs caption files: COCO captions JSON, Karpathy-split JSON (train and restval) or JSON lines
 * @param features region features of the captioned images (bottom-up-attention TSV or TFRecords)
 * @param images region features of images without text
 * @param text text corpora: plain text or JSON lines, optionally gzipped
 * @param heldout captions kept out of training, for retrieval evaluation
 * @param classes the detector's class names, for related images
 * @param captionsAsText whether the captions also join the text corpus (first, in pair order)
 */
public record DataFilesSpec(
    List<String> pairs,
    List<String> features,
    List<String> images,
    List<String> text,
    List<String> heldout,
    Optional<String> classes,
    boolean captionsAsText) {
  public DataFilesSpec {
    pairs = List.copyOf(pairs);
    features = List.copyOf(features);
    images = List.copyOf(images);
    text = List.copyOf(text);
    heldout = List.copyOf(heldout);
  }
}
