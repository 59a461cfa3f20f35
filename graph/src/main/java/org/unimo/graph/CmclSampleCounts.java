package org.unimo.graph;

import org.unimo.dsl.proto.CmclSamples;

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
public record CmclSampleCounts(int positiveTexts, int relatedImages, int negativeTexts) {
  /** The counts the spec's sample sets declare. */
  public static CmclSampleCounts of(CmclSamples samples) {
    return new CmclSampleCounts(
        samples.getBacktranslations() + samples.getParaphrases() + samples.getRelatedTexts(),
        samples.getRelatedImages(),
        samples.getTfidfNegatives()
            + samples.getObjectNegatives()
            + samples.getAttributeNegatives()
            + samples.getRelationNegatives());
  }

  /** Whether the spec declares no samples: in-batch CMCL. */
  public boolean none() {
    return positiveTexts == 0 && relatedImages == 0 && negativeTexts == 0;
  }
}
