package org.unimo.dsl;

/**
 * The unified Transformer shared by all modalities.
 *
 * @param layers Transformer layers
 * @param hidden hidden size
 * @param heads attention heads (dividing {@code hidden})
 * @param ffn inner size of the feed-forward block
 * @param activation the feed-forward activation
 * @param dropout dropout on embeddings, attention probabilities and residual branches
 * @param initializerRange standard deviation of the truncated-normal initializer
 * @param maxPositions positions the position embedding covers
 * @param pooling how a sequence becomes one vector
 * @param layerNormEpsilon epsilon of every LayerNorm (1e-12 in BERT and UNIMO)
 * @param typeVocabSize rows of the token-type embedding (0: none; every text is type 0)
 * @param positionOffset the position id of a sequence's first token (2 in RoBERTa's layout)
 */
public record EncoderSpec(
    int layers,
    int hidden,
    int heads,
    int ffn,
    Activation activation,
    float dropout,
    float initializerRange,
    int maxPositions,
    Pooling pooling,
    float layerNormEpsilon,
    int typeVocabSize,
    int positionOffset) {}
