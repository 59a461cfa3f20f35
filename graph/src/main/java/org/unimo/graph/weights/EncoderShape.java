package org.unimo.graph.weights;

import org.unimo.dsl.Activation;
import org.unimo.dsl.EncoderBuilder;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;

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

  /**
   * Sets the encoder fields these sizes fix (layers, hidden, heads, ffn, activation, positions,
   * LayerNorm epsilon, token types, position offset); the caller sets the text input's vocabulary to
   * {@link #vocab()}.
   */
  public EncoderBuilder applyTo(EncoderBuilder encoder) {
    return encoder
        .layers(layers)
        .hidden(hidden)
        .heads(heads)
        .ffn(ffn)
        .activation(activation)
        .maxPositions(maxPositions)
        .layerNormEpsilon(layerNormEpsilon)
        .typeVocabSize(typeVocab)
        .positionOffset(positionOffset);
  }

  /**
   * An encoder-only spec of these sizes: a WordPiece text input of {@link #vocab()} ids and {@code
   * maxLength} tokens, and {@code pooling}.
   */
  public ModelSpec spec(String name, boolean lowerCase, int maxLength, Pooling pooling) {
    return ModelSpec.builder(name)
        .text(t -> t.wordPiece(vocab, lowerCase).maxLength(maxLength))
        .encoder(e -> applyTo(e).pooling(pooling))
        .buildEncoderOnly();
  }
}
