package org.unimo.graph.objectives.mlm;

import org.jspecify.annotations.Nullable;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.TokenMasking;
import org.unimo.graph.Losses;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.TextBatch;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.StepBatch;

/**
 * Masked LM's predictions of one objective: its placeholders ({@link Predictions}), its loss over
 * an encoded sequence, and the masking of a step's texts. Masked LM on text and on the captions of
 * pairs each hold one, with their own settings.
 */
public final class MaskedTokens {
  private final TokenMasking config;
  private final int vocab;
  private final Predictions predictions;
  private @Nullable TokenMasker masker;

  /** The predictions' placeholders under {@code scope}. */
  public MaskedTokens(Ops scope, TokenMasking config, int vocab) {
    this.config = config;
    this.vocab = vocab;
    this.predictions = Predictions.placeholders(scope, config.maxPredictions());
  }

  /** The weighted mean cross-entropy of the predictions, read from {@code sequence} [B, T, H]. */
  public Operand<TFloat32> loss(Ops scope, UnifiedEncoder encoder, Operand<TFloat32> sequence) {
    return Losses.maskedLm(
        scope,
        encoder,
        vocab,
        sequence,
        encoder.textLength(),
        predictions.positions(),
        predictions.labels(),
        predictions.weights());
  }

  /** Masks {@code clean} with {@code draws}, feeds the predictions and returns the masked batch. */
  public MaskedLmBatch feed(TextBatch clean, Draws draws, StepBatch batch, StepFeeds feeds) {
    if (masker == null) {
      masker = new TokenMasker(config, vocab, batch.tokenizer());
    }
    MaskedLmBatch masked = masker.mask(clean, draws);
    predictions.feed(masked, feeds);
    return masked;
  }
}
