package org.unimo.graph.objectives.caption;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.CaptionGenerationSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.PairBatch;
import org.unimo.graph.PairInputs;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objectives.seq2seq.NextTokens;
import org.unimo.graph.objectives.seq2seq.Seq2SeqBatch;

/**
 * Seq2seq generation of the caption from the image: the regions are the source (bidirectional),
 * the caption the target (attending to the image and causally to itself). Scope {@code
 * caption_generation/}: the next-token targets of the pair's caption; the caption and image are the
 * pair's {@code text/...} and {@code image/...}.
 */
public final class CaptionGeneration implements Objective {
  /** Registers caption generation for {@code objectives.caption_generation}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(CaptionGenerationSpec.class, CaptionGeneration::new);

  private final CaptionGenerationSpec spec;
  private final int vocab;

  CaptionGeneration(CaptionGenerationSpec spec, ModelSpec model) {
    this.spec = spec;
    this.vocab = model.text().vocabSize();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  /** Every next token of a caption that fills the length is predicted: T - 1 per pair. */
  @Override
  public boolean memory(Footprint footprint) {
    int batch = footprint.batch();
    footprint.jointPass("joint image-caption pass", batch);
    footprint.lmHead(batch * footprint.textLength(), batch * (footprint.textLength() - 1));
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    NextTokens targets = NextTokens.placeholders(scope, graph.encoder().textLength());
    Operand<TFloat32> caption =
        graph.encoder().encodeJoint(scope, pairs.requireImage(), pairs.text().tokenIds(), pairs.text().mask(), true);
    Operand<TFloat32> loss = Losses.nextToken(scope, graph.encoder(), vocab, caption, targets.labels(), targets.weights());
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          PairBatch pairBatch = batch.pairs();
          pairs.feedOnce(pairBatch, feeds);
          // Every next token from [CLS] on is a target: nothing is drawn.
          targets.feed(Seq2SeqBatch.of(pairBatch.text(), true, Draws.seeded(0)), feeds);
        });
  }
}
