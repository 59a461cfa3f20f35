package org.unimo.dsl;

import org.unimo.dsl.proto.DataFiles;

/**
 * Declares data in the standard formats: each method adds a path or a glob (repeatable).
 *
 * <pre>{@code
 * .dataFiles(d -> d.pairs("coco/dataset_coco.json").features("coco/trainval_36/*.tsv")
 *     .text("corpus/*.txt.gz"))
 * }</pre>
 */
@SpecDsl
public final class DataFilesBuilder {
  private final DataFiles.Builder proto;

  DataFilesBuilder(DataFiles.Builder proto) {
    this.proto = proto;
  }

  /** Captions: COCO captions JSON, Karpathy-split JSON or JSON lines. */
  public DataFilesBuilder pairs(String pathOrGlob) {
    proto.addPairs(pathOrGlob);
    return this;
  }

  /** Region features of the captioned images, joined by image id. */
  public DataFilesBuilder features(String pathOrGlob) {
    proto.addFeatures(pathOrGlob);
    return this;
  }

  /** Region features of images without text. */
  public DataFilesBuilder images(String pathOrGlob) {
    proto.addImages(pathOrGlob);
    return this;
  }

  /** A text corpus: plain text or JSON lines, optionally gzipped. */
  public DataFilesBuilder text(String pathOrGlob) {
    proto.addText(pathOrGlob);
    return this;
  }

  /** Captions kept out of training, for retrieval evaluation. */
  public DataFilesBuilder heldout(String pathOrGlob) {
    proto.addHeldout(pathOrGlob);
    return this;
  }

  /** The detector's class names, one per line, in the order of the features' class probabilities. */
  public DataFilesBuilder classes(String path) {
    proto.setClasses(path);
    return this;
  }

  /** Whether the captions also join the text corpus (default true). */
  public DataFilesBuilder captionsAsText(boolean captionsAsText) {
    proto.setCaptionsAsText(captionsAsText);
    return this;
  }
}
