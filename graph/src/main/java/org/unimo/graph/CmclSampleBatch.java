package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.tensorflow.Session;

/**
 * One step's CMCL sample sets, as the {@code cmcl_samples/} feeds take them: per pair of the
 * batch, K slots of each role ({@link CmclSampleCounts}), pair-major (slot k of pair b is row
 * {@code b * K + k}), with a validity of 0 where the pair has no sample for the slot.
 *
 * @param positiveTexts [B * P] texts, or null when P is 0
 * @param positiveValid [B * P]
 * @param relatedImages [B * Q] images, or null when Q is 0
 * @param imageValid [B * Q]
 * @param negativeTexts [B * N] texts, or null when N is 0
 * @param negativeValid [B * N]
 */
public record CmclSampleBatch(
    int pairs,
    CmclSampleCounts counts,
    @Nullable TextBatch positiveTexts,
    float[] positiveValid,
    @Nullable ImageBatch relatedImages,
    float[] imageValid,
    @Nullable TextBatch negativeTexts,
    float[] negativeValid) {
  public CmclSampleBatch {
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

  /** Feeds every {@code cmcl_samples/} input the counts call for; {@code owned} closes them. */
  public Session.Runner feed(Session.Runner runner, Feeds owned) {
    String in = Names.CMCL_SAMPLES + "/";
    if (positiveTexts != null) {
      feedTexts(runner, owned, in + "positive_texts/", positiveTexts, positiveValid, counts.positiveTexts());
    }
    if (negativeTexts != null) {
      feedTexts(runner, owned, in + "negative_texts/", negativeTexts, negativeValid, counts.negativeTexts());
    }
    if (relatedImages != null) {
      String images = in + "positive_images/";
      runner
          .feed(images + "features", owned.add(relatedImages.featuresTensor()))
          .feed(images + "boxes", owned.add(relatedImages.boxesTensor()))
          .feed(images + "mask", owned.add(relatedImages.maskTensor()))
          .feed(images + "valid", owned.add(Tensors.floats(imageValid, pairs, counts.relatedImages())));
    }
    return runner;
  }

  private void feedTexts(
      Session.Runner runner, Feeds owned, String prefix, TextBatch texts, float[] valid, int perPair) {
    runner
        .feed(prefix + "token_ids", owned.add(texts.tokenIdsTensor()))
        .feed(prefix + "mask", owned.add(texts.maskTensor()))
        .feed(prefix + "valid", owned.add(Tensors.floats(valid, pairs, perPair)));
  }
}
