package org.unimo.dsl;

/**
 * Seq2seq generation of the caption from the image on image-text pairs: the regions are the source
 * (bidirectional), the caption the target (attending to the image and causally to itself).
 *
 * @param weight weight of the loss in the total
 */
public record CaptionGenerationSpec(float weight) implements ObjectiveSpec {
  static final String PATH = "objectives.caption_generation";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "caption_generation";
  }

  @Override
  public DataKind data() {
    return DataKind.PAIR;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {}
}
