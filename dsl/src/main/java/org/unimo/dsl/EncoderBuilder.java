package org.unimo.dsl;

import static java.util.Objects.requireNonNull;

import org.unimo.dsl.proto.Encoder;

/** Configures the unified post-LayerNorm Transformer. */
@SpecDsl
public final class EncoderBuilder {
  private final Encoder.Builder proto;

  EncoderBuilder(Encoder.Builder proto) {
    this.proto = proto;
  }

  public EncoderBuilder layers(int layers) {
    proto.setLayers(layers);
    return this;
  }

  public EncoderBuilder hidden(int hidden) {
    proto.setHidden(hidden);
    return this;
  }

  public EncoderBuilder heads(int heads) {
    proto.setHeads(heads);
    return this;
  }

  /** Inner size of the feed-forward block. */
  public EncoderBuilder ffn(int ffn) {
    proto.setFfn(ffn);
    return this;
  }

  /** The feed-forward activation: GELU (the default) or RELU. */
  public EncoderBuilder activation(Activation activation) {
    proto.setActivation(ProtoEnums.toProto(requireNonNull(activation, "activation")));
    return this;
  }



  public EncoderBuilder dropout(float dropout) {
    proto.setDropout(dropout);
    return this;
  }

  /** Standard deviation of the truncated-normal initializer. */
  public EncoderBuilder initializerRange(float range) {
    proto.setInitializerRange(range);
    return this;
  }

  public EncoderBuilder maxPositions(int maxPositions) {
    proto.setMaxPositions(maxPositions);
    return this;
  }

  /**
   * How a sequence becomes one vector (CMCL, retrieval, the exported embeddings): the first token
   * through BERT's pooler (UNIMO's choice) or the masked mean through a dense layer.
   */
  public EncoderBuilder pooling(Pooling pooling) {
    proto.setPooling(ProtoEnums.toProto(requireNonNull(pooling, "pooling")));
    return this;
  }



  /** Epsilon of every LayerNorm: 1e-12 (BERT, UNIMO; the default) or 1e-5 (RoBERTa). */
  public EncoderBuilder layerNormEpsilon(float epsilon) {
    proto.setLayerNormEpsilon(epsilon);
    return this;
  }

  /** Rows of the token-type embedding added to every text token (2 in BERT checkpoints; 0: none). */
  public EncoderBuilder typeVocabSize(int rows) {
    proto.setTypeVocabSize(rows);
    return this;
  }

  /** The position id of a sequence's first token: 0, or 2 in RoBERTa's layout. */
  public EncoderBuilder positionOffset(int offset) {
    proto.setPositionOffset(offset);
    return this;
  }
}
