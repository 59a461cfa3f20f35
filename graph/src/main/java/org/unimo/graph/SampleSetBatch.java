package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One step's sample sets of a pair batch (what CMCL contrasts beyond the batch): per pair of the
 * batch, K slots of each role ({@link SampleSetCounts}), pair-major (slot k of pair b is row
 * {@code b * K + k}), with a validity of 0 where the pair has no sample for the slot.
 *
 * @param positiveTexts [B * P] texts, or null when P is 0
 * @param positiveValid [B * P]
 * @param relatedImages [B * Q] images, or null when Q is 0
 * @param imageValid [B * Q]
 * @param negativeTexts [B * N] texts, or null when N is 0
 * @param negativeValid [B * N]
 */
public record SampleSetBatch(
    int pairs,
    SampleSetCounts counts,
    @Nullable TextBatch positiveTexts,
    float[] positiveValid,
    @Nullable ImageBatch relatedImages,
    float[] imageValid,
    @Nullable TextBatch negativeTexts,
    float[] negativeValid) {
  public SampleSetBatch {
    requireNonNull(counts, "counts");
    check("positive texts", positiveTexts == null ? 0 : positiveTexts.size(), positiveValid, pairs, counts.positiveTexts());
    check("related images", relatedImages == null ? 0 : relatedImages.size(), imageValid, pairs, counts.relatedImages());
    check("negative texts", negativeTexts == null ? 0 : negativeTexts.size(), negativeValid, pairs, counts.negativeTexts());
  }

  private static void check(String role, int rows, float[] valid, int pairs, int perPair) {
    if (rows != pairs * perPair || valid.length != pairs * perPair) {
      throw new IllegalArgumentException(
          role + ": " + rows + " rows and " + valid.length + " validity flags for " + pairs + " pairs x " + perPair);
    }
  }
}
