package org.unimo.dsl;

import org.unimo.dsl.proto.CmclSamples;

/**
 * How many samples of each kind CMCL draws per pair from the pair's sample set. Positives count
 * in the loss's numerator and denominator, negatives in its denominator only; in-batch negatives
 * are always there.
 *
 * <pre>{@code
 * .cmcl(c -> c.temperature(0.07f)
 *     .samples(s -> s.paraphrases(1).relatedImages(1).objectNegatives(1).attributeNegatives(1)))
 * }</pre>
 */
@SpecDsl
public final class CmclSamplesBuilder {
  private final CmclSamples.Builder proto;

  CmclSamplesBuilder(CmclSamples.Builder proto) {
    this.proto = proto;
  }

  /** Positive texts: the caption through a translation model pair and back. */
  public CmclSamplesBuilder backtranslations(int count) {
    proto.setBacktranslations(count);
    return this;
  }

  /** Positive texts: the caption with words replaced by WordNet synonyms. */
  public CmclSamplesBuilder paraphrases(int count) {
    proto.setParaphrases(count);
    return this;
  }

  /** Positive texts: sentences of the text corpus that are similar to the caption (TF-IDF). */
  public CmclSamplesBuilder relatedTexts(int count) {
    proto.setRelatedTexts(count);
    return this;
  }

  /** Positive images: images whose regions' detected classes overlap the pair's. */
  public CmclSamplesBuilder relatedImages(int count) {
    proto.setRelatedImages(count);
    return this;
  }

  /** Hard negative texts: captions of other images retrieved by TF-IDF similarity. */
  public CmclSamplesBuilder tfidfNegatives(int count) {
    proto.setTfidfNegatives(count);
    return this;
  }

  /** Hard negative texts: the caption with one object of its scene graph replaced. */
  public CmclSamplesBuilder objectNegatives(int count) {
    proto.setObjectNegatives(count);
    return this;
  }

  /** Hard negative texts: the caption with one attribute replaced. */
  public CmclSamplesBuilder attributeNegatives(int count) {
    proto.setAttributeNegatives(count);
    return this;
  }

  /** Hard negative texts: the caption with one relation replaced. */
  public CmclSamplesBuilder relationNegatives(int count) {
    proto.setRelationNegatives(count);
    return this;
  }
}
