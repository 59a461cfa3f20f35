package org.unimo.graph.objectives.mlm;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.MaskedLmSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.TextInputs;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Masked language modeling (BERT) on the text corpus. Scope {@code mlm/}: inputs {@code
 * token_ids}, {@code mask} [B, T] and the predictions ({@link Predictions}), the encoder pass and
 * the LM head ({@link MaskedTokens}).
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
  public boolean memory(Footprint footprint) {
    footprint.textPass("text encoder pass", footprint.batch(), false);
    int predictions = footprint.batch() * spec.masking().maxPredictions();
    footprint.lmHead(predictions, predictions);
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    TextInputs input = TextInputs.placeholders(scope, graph.encoder().textLength());
    MaskedTokens predictions = new MaskedTokens(scope, spec.masking(), vocab);
    Operand<TFloat32> sequence = graph.encoder().encodeText(scope, input.tokenIds(), input.mask(), true);
    return Objective.Compiled.of(
        predictions.loss(scope, graph.encoder(), sequence),
        (batch, feeds) ->
            input.feed(predictions.feed(batch.texts("mlm"), batch.draws("mlm"), batch, feeds).input(), feeds));
  }
}
