package org.unimo.graph.objectives.pairmlm;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.PairMlmSpec;
import org.unimo.graph.PairBatch;
import org.unimo.graph.PairInputs;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objectives.mlm.MaskedLmBatch;
import org.unimo.graph.objectives.mlm.MaskedTokens;

/**
 * Masked LM on the caption of an image-text pair, the caption attending to the image, in one
 * sequence {@code [IMG] v1 ... vR [CLS] w1 ... wn [SEP]}. Scope {@code pair_mlm/}: the masked caption
 * {@code token_ids} [B, T] (its padding mask is the pair's {@code text/mask}) and the predictions;
 * the image is the pair's {@code image/...}.
 */
public final class PairMaskedLm implements Objective {
  /** Registers pair masked LM for {@code objectives.pair_mlm}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(PairMlmSpec.class, PairMaskedLm::new);

  private final PairMlmSpec spec;
  private final int vocab;

  PairMaskedLm(PairMlmSpec spec, ModelSpec model) {
    this.spec = spec;
    this.vocab = model.text().vocabSize();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public boolean memory(Footprint footprint) {
    footprint.jointPass("joint image-caption pass", footprint.batch());
    int predictions = footprint.batch() * spec.masking().maxPredictions();
    footprint.lmHead(predictions, predictions);
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    Operand<TInt32> ids =
        scope.withName("token_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1, graph.encoder().textLength())));
    MaskedTokens predictions = new MaskedTokens(scope, spec.masking(), vocab);
    Operand<TFloat32> caption = graph.encoder().encodeJoint(scope, pairs.requireImage(), ids, pairs.text().mask(), false);
    return Compiled.of(
        predictions.loss(scope, graph.encoder(), caption),
        (batch, feeds) -> {
          PairBatch pairBatch = batch.pairs();
          pairs.feedOnce(pairBatch, feeds);
          MaskedLmBatch masked = predictions.feed(pairBatch.text(), batch.draws("pair_mlm"), batch, feeds);
          feeds.feed(ids, masked.input().tokenIdsTensor());
        });
  }
}
