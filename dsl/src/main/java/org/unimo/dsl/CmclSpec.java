package org.unimo.dsl;

/**
 * Cross-modal contrastive learning on image-text pairs: images and texts encoded separately by the
 * same Transformer, their pooled representations compared by cosine similarity / temperature, with
 * the other pairs of the batch (and the sample sets' hard negatives) as negatives.
 *
 * @param weight weight of the loss in the total
 * @param temperature tau; with {@code learnTemperature}, where the learned temperature starts
 * @param learnTemperature whether log(tau) is a variable of the model (clipped to [0.01, 1])
 * @param samples samples of each kind per pair; {@link CmclSamplesSpec#none()} is in-batch CMCL
 */
public record CmclSpec(
    float weight, float temperature, boolean learnTemperature, CmclSamplesSpec samples)
    implements ObjectiveSpec {
  static final String PATH = "objectives.cmcl";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public String name() {
    return "cmcl";
  }

  @Override
  public DataKind data() {
    return DataKind.PAIR;
  }

  @Override
  public void check(SpecChecks checks, SpecContext context) {
    checks.positive(PATH + ".temperature", temperature);
    if (learnTemperature && !(temperature >= 0.01f && temperature <= 1f)) {
      checks.problem(
          PATH + ".temperature", temperature + " is outside the learned range [0.01, 1]");
    }
    samples.check(checks, PATH + ".samples");
    if (context.training().batchSize() == 1) {
      checks.problem("training.batch_size", "1 leaves in-batch CMCL without negatives");
    } else if (context.training().microBatchSize() == 1 && samples.negativeTexts() == 0) {
      // A micro-batch's anchors meet only its own candidates: with one pair, only positives.
      checks.problem(
          "training.accumulation_steps",
          context.training().accumulationSteps() + " makes micro-batches of 1, which leave CMCL without negatives;"
              + " declare negative samples (cmcl.samples: tfidf_negatives, object_negatives, ...) or fewer micro-batches");
    }
  }
}
