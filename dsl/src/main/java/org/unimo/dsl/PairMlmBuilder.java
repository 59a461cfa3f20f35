package org.unimo.dsl;

import org.unimo.dsl.proto.PairMaskedLm;

/** Configures masked LM on the captions of image-text pairs (BERT's 80/10/10 by default). */
@SpecDsl
public final class PairMlmBuilder {
  private final PairMaskedLm.Builder proto;

  PairMlmBuilder(PairMaskedLm.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total. */
  public PairMlmBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Share of caption subwords chosen for prediction. */
  public PairMlmBuilder rate(float rate) {
    proto.setRate(rate);
    return this;
  }

  /** Of the chosen subwords: share replaced by [MASK]. */
  public PairMlmBuilder maskShare(float share) {
    proto.setMaskShare(share);
    return this;
  }

  /** Of the chosen subwords: share replaced by a random subword. */
  public PairMlmBuilder randomShare(float share) {
    proto.setRandomShare(share);
    return this;
  }

  /** At most this many predictions per caption. */
  public PairMlmBuilder maxPredictions(int maxPredictions) {
    proto.setMaxPredictions(maxPredictions);
    return this;
  }

  /** Choose whole words (all their subwords) rather than single subwords. */
  public PairMlmBuilder wholeWord(boolean wholeWord) {
    proto.setWholeWord(wholeWord);
    return this;
  }
}
