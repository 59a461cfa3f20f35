package org.unimo.dsl;

/**
 * A head that captions images: the regions are the source (bidirectional), the caption the
 * target, attending to the regions and causally to itself, trained with the shared LM head on every
 * next token of the caption.
 *
 * @param name the head's name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param labels the data source's label set of captioned images, e.g. {@code coco}
 * @param decoding how validation, eval and predict decode unless told otherwise
 */
public record CaptioningSpec(String name, float weight, String labels, DecodingSpec decoding) implements GenerationHeadSpec {
  @Override
  public String path() {
    return "heads[" + name + "]";
  }

  @Override
  public DataKind data() {
    return DataKind.PAIR;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    String path = path() + ".captioning";
    if (labels.isEmpty()) {
      checks.problem(path + ".labels", "is empty: name the data's label set of captioned images, e.g. \"coco\"");
    }
    decoding.check(checks, path + ".decoding", context.text().maxLength());
  }
}
