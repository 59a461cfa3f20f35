package org.unimo.graph;

import org.unimo.dsl.CmclSamplesSpec;

/**
 * How many samples of each role every pair feeds to CMCL, from the spec's per-kind counts: the
 * feeds under {@code cmcl_samples/} hold, per pair and in this order, the positive texts
 * (back-translations, paraphrases, related texts), the related images, and the negative texts
 * (TF-IDF, object, attribute, relation rewrites).
 *
 * @param positiveTexts back-translations + paraphrases + related texts
 * @param relatedImages related images
 * @param negativeTexts TF-IDF + object + attribute + relation negatives
 */
public record SampleSetCounts(int positiveTexts, int relatedImages, int negativeTexts) {
  /** The counts the spec's sample sets declare. */
  public static SampleSetCounts of(CmclSamplesSpec samples) {
    return new SampleSetCounts(samples.positiveTexts(), samples.relatedImages(), samples.negativeTexts());
  }

  /** Whether the spec declares no samples: in-batch CMCL. */
  public boolean none() {
    return positiveTexts == 0 && relatedImages == 0 && negativeTexts == 0;
  }
}
