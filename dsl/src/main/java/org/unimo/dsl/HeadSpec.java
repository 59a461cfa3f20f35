package org.unimo.dsl;

/**
 * A fine-tuning head on the encoder, declared under {@code heads}: trained with the objectives, its
 * loss weighted like theirs. Its {@link #path()} is {@code heads[NAME]}.
 */
public sealed interface HeadSpec extends ObjectiveSpec permits SequenceClassificationSpec,
        SequenceRegressionSpec,
        ImageTextClassificationSpec,
        VisualQuestionAnsweringSpec,
        RetrievalSpec,
        GenerationHeadSpec {
  /** The data source's label set the head trains on. */
  String labels();

  /**
   * How the export serves the head: its signature is {@code VERB_NAME} ({@code classify}, {@code
   * regress}, {@code answer}, {@code retrieve}, {@code decode}).
   */
  String verb();

  /** The output of its signature that callers read by default ({@code probabilities}, {@code value}, ...). */
  String output();

  /** Its signature's key: {@code VERB_NAME}, e.g. {@code classify_sentiment}. */
  default String signature() {
    return verb() + "_" + name();
  }
}
