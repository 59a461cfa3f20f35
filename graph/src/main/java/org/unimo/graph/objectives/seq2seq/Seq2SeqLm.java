package org.unimo.graph.objectives.seq2seq;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.Seq2SeqSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * UniLM-style generation on the text corpus under a segment-driven attention mask. Scope {@code
 * seq2seq/}: inputs {@code token_ids}, {@code mask}, {@code segment} (0 source, 1 target) and the
 * next-token targets ({@link NextTokens}), all [B, T].
 */
public final class Seq2SeqLm implements Objective {
  /** Registers seq2seq LM for {@code objectives.seq2seq}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(Seq2SeqSpec.class, Seq2SeqLm::new);

  private final Seq2SeqSpec spec;
  private final int vocab;

  Seq2SeqLm(Seq2SeqSpec spec, ModelSpec model) {
    this.spec = spec;
    this.vocab = model.text().vocabSize();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  /**
   * The LM logits at the predicted positions: at most T - 2 per text (the source keeps [CLS] and a
   * subword) or T - 1 left to right, when the text fills the length.
   */
  @Override
  public boolean memory(Footprint footprint) {
    int length = footprint.textLength();
    int batch = footprint.batch();
    footprint.textPass("text encoder pass", batch, true);
    boolean leftToRight = spec.attention() == Seq2SeqSpec.Attention.LEFT_TO_RIGHT;
    footprint.lmHead(batch * length, batch * (leftToRight ? length - 1 : length - 2));
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    UnifiedEncoder encoder = graph.encoder();
    int length = encoder.textLength();
    Seq2SeqInputs input = Seq2SeqInputs.placeholders(scope, length);
    NextTokens targets = NextTokens.placeholders(scope, length);
    Operand<TFloat32> loss =
        Losses.nextToken(scope, encoder, vocab, input.encode(scope, encoder, true), targets.labels(), targets.weights());
    boolean leftToRight = spec.attention() == Seq2SeqSpec.Attention.LEFT_TO_RIGHT;
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          Seq2SeqBatch split = Seq2SeqBatch.of(batch.texts("seq2seq"), leftToRight, batch.draws("seq2seq"));
          input.feed(split, feeds);
          targets.feed(split, feeds);
        });
  }
}
