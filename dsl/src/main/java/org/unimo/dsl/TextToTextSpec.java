package org.unimo.dsl;

/**
 * A head that generates a target text from a source text in one sequence {@code [CLS] source [SEP]
 * target [SEP]}: the source bidirectional, the target attending to the source and causally to
 * itself, trained with the shared LM head on the target's tokens.
 *
 * @param name the head's name, also the name of its loss and metrics
 * @param weight weight of the loss in the total
 * @param labels the data source's label set of source-target pairs, e.g. {@code gigaword}
 * @param decoding how validation, eval and predict decode unless told otherwise
 */
public record TextToTextSpec(String name, float weight, String labels, DecodingSpec decoding) implements GenerationHeadSpec {
  @Override
  public String path() {
    return "heads[" + name + "]";
  }

  @Override
  public DataKind data() {
    return DataKind.TEXT;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    String path = path() + ".text_to_text";
    if (labels.isEmpty()) {
      checks.problem(path + ".labels", "is empty: name the data's label set of source-target pairs, e.g. \"gigaword\"");
    }
    int length = context.text().maxLength();
    if (length < 6) {
      checks.problem("text.max_length", length + " leaves no room for a source and a target ([CLS] source [SEP] target [SEP])");
    }
    decoding.check(checks, path + ".decoding", length - 1);
  }
}
