package org.unimo.dsl;

import org.unimo.dsl.proto.MaskedLm;

/** Configures masked language modeling (BERT's 80/10/10 by default). */
@SpecDsl
public final class MaskedLmBuilder {
  private final MaskedLm.Builder proto;

  MaskedLmBuilder(MaskedLm.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total. */
  public MaskedLmBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** Share of subwords chosen for prediction. */
  public MaskedLmBuilder rate(float rate) {
    proto.setRate(rate);
    return this;
  }

  /** Of the chosen subwords: share replaced by [MASK]. */
  public MaskedLmBuilder maskShare(float share) {
    proto.setMaskShare(share);
    return this;
  }

  /** Of the chosen subwords: share replaced by a random subword. */
  public MaskedLmBuilder randomShare(float share) {
    proto.setRandomShare(share);
    return this;
  }

  public MaskedLmBuilder maxPredictions(int maxPredictions) {
    proto.setMaxPredictions(maxPredictions);
    return this;
  }

  /** Choose whole words (all their subwords) rather than single subwords. */
  public MaskedLmBuilder wholeWord(boolean wholeWord) {
    proto.setWholeWord(wholeWord);
    return this;
  }
}
