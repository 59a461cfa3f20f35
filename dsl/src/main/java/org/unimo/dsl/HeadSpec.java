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
}
