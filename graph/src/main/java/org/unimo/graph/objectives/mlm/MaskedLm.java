package org.unimo.graph.objectives.mlm;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.MaskedLmSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.TextInputs;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objective.StepBatch;

/**
 * Masked language modeling (BERT) on the text corpus. Scope {@code mlm/}: inputs {@code
 * token_ids}, {@code mask} [B, T] and the predictions ({@link Predictions}), the encoder pass and
 * the LM head, {@code loss}.
 */
public final class MaskedLm implements Objective {
  /** Registers masked LM for {@code objectives.masked_lm}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(MaskedLmSpec.class, MaskedLm::new);

  private final MaskedLmSpec spec;
  private final int vocab;

  MaskedLm(MaskedLmSpec spec, ModelSpec model) {
    this.spec = spec;
    this.vocab = model.text().vocabSize();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    int length = graph.encoder().textLength();
    TextInputs input = TextInputs.placeholders(scope, length);
    Predictions predictions = Predictions.placeholders(scope, spec.masking().maxPredictions());
    Operand<TFloat32> sequence = graph.encoder().encodeText(scope, input.tokenIds(), input.mask(), true);
    Operand<TFloat32> loss =
        Losses.maskedLm(
            scope, graph.encoder(), vocab, sequence, length, predictions.positions(), predictions.labels(), predictions.weights());
    return new Compiled() {
      private TokenMasker masker;

      @Override
      public Operand<TFloat32> loss() {
        return loss;
      }

      @Override
      public void feed(StepBatch batch, StepFeeds feeds) {
        if (masker == null) {
          masker = new TokenMasker(spec.masking(), vocab, batch.tokenizer());
        }
        MaskedLmBatch masked = masker.mask(batch.texts("mlm"), batch.draws("mlm"));
        input.feed(masked.input(), feeds);
        predictions.feed(masked, feeds);
      }
    };
  }
}
