package org.unimo.graph.weights;

import org.unimo.dsl.Activation;
import org.unimo.dsl.proto.Encoder;
import org.unimo.dsl.proto.ModelSpecProto;

/**
 * The sizes and variants of a BERT-family encoder, as read from a checkpoint: what the spec's
 * {@code encoder} section and {@code text.tokenizer.vocab_size} must say to hold its weights.
 *
 * @param vocab rows of the word embedding table
 * @param maxPositions rows of the position table (RoBERTa's include two unused rows)
 * @param typeVocab rows of the token-type table, 0 without one
 * @param positionOffset position id of a sequence's first token (2 in RoBERTa)
 * @param pooler whether the checkpoint has BERT's pooler (dense + tanh on [CLS])
 */
public record EncoderShape(
    int vocab,
    int hidden,
    int layers,
    int heads,
    int ffn,
    int maxPositions,
    int typeVocab,
    int positionOffset,
    float layerNormEpsilon,
    Activation activation,
    boolean pooler) {
  public EncoderShape {
    if (heads <= 0 || hidden % heads != 0) {
      throw new IllegalArgumentException("hidden size " + hidden + " is not a multiple of " + heads + " heads");
    }
  }

  /** Writes these sizes into a spec's {@code encoder} section and its text vocabulary size. */
  public void applyTo(ModelSpecProto.Builder spec) {
    Encoder.Builder encoder = spec.getEncoderBuilder();
    encoder
        .setLayers(layers)
        .setHidden(hidden)
        .setHeads(heads)
        .setFfn(ffn)
        .setMaxPositions(maxPositions)
        .setTypeVocabSize(typeVocab)
        .setPositionOffset(positionOffset)
        .setLayerNormEpsilon(layerNormEpsilon)
        .setActivation(
            switch (activation) {
              case GELU -> Encoder.Activation.GELU;
              case GELU_TANH -> Encoder.Activation.GELU_TANH;
              case RELU -> Encoder.Activation.RELU;
            });
    spec.getTextBuilder().getTokenizerBuilder().setVocabSize(vocab);
  }
}
