package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Seq2SeqLm;

/** Configures UniLM-style generation on the text corpus. */
@SpecDsl
public final class Seq2SeqBuilder {
  private final Seq2SeqLm.Builder proto;

  Seq2SeqBuilder(Seq2SeqLm.Builder proto) {
    this.proto = proto;
  }

  /** Weight of this loss in the total. */
  public Seq2SeqBuilder weight(float weight) {
    proto.setWeight(weight);
    return this;
  }

  /** SEQ2SEQ (source bidirectional, target causal) or LEFT_TO_RIGHT. */
  public Seq2SeqBuilder attention(Seq2SeqSpec.Attention attention) {
    proto.setAttention(ProtoEnums.toProto(requireNonNull(attention, "attention")));
    return this;
  }


}
