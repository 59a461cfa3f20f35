package org.unimo.graph.heads.generation;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.TextToTextSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.TextBatch;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objectives.seq2seq.NextTokens;
import org.unimo.graph.objectives.seq2seq.Seq2SeqBatch;
import org.unimo.graph.objectives.seq2seq.Seq2SeqInputs;

/**
 * Text-to-text generation, fine-tuned as UNIMO fine-tunes its text generation tasks: one sequence
 * {@code [CLS] source [SEP] target [SEP]} (cut as {@link TextBatch#sourceTarget} cuts it) under
 * UniLM's seq2seq mask, the source bidirectional, the target attending to the source and causally
 * to itself; from the source's [SEP] on, every next token is predicted by the shared LM head,
 * cross-entropy averaged over the target's tokens (its [SEP] included). Scope {@code NAME/}:
 * inputs {@code token_ids}, {@code mask}, {@code segment} and the next-token targets. In the
 * inference graph the step {@code NAME/log_probs} [N, V] from {@code NAME/token_ids}, {@code
 * NAME/mask}, {@code NAME/segment} and {@code NAME/position}, served as {@code decode_NAME} ({@link
 * org.unimo.graph.decoding.Generator}).
 */
public final class TextToText implements Head {
  /** Registers the head for {@code heads { text_to_text { ... } }}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(TextToTextSpec.class, TextToText::new);

  private final TextToTextSpec spec;
  private final int vocab;

  TextToText(TextToTextSpec spec, ModelSpec model) {
    this.spec = spec;
    this.vocab = model.text().vocabSize();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public List<DataRequirement> requires() {
    return List.of(
        new DataRequirement.LabelSet(spec.path() + ".text_to_text.labels", spec.labels(), DataRequirement.LabelSet.ANY, false, false, true));
  }

  /** At most T - 2 target tokens are predicted per example (the source keeps [CLS] and [SEP]). */
  @Override
  public boolean memory(Footprint footprint) {
    int batch = footprint.batch();
    footprint.textPass("source-target pass", batch, true);
    footprint.lmHead(batch * footprint.textLength(), batch * (footprint.textLength() - 2));
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    UnifiedEncoder encoder = graph.encoder();
    int length = encoder.textLength();
    Seq2SeqInputs inputs = Seq2SeqInputs.placeholders(scope, length);
    NextTokens targets = NextTokens.placeholders(scope, length);
    Operand<TFloat32> loss =
        Losses.nextToken(scope, encoder, vocab, inputs.encode(scope, encoder, true), targets.labels(), targets.weights());
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          TextBatch texts = batch.labeled(spec.labels()).texts();
          Seq2SeqBatch split = Seq2SeqBatch.at(texts, firstTargets(texts, batch.tokenizer().specials().sep()));
          inputs.feed(split, feeds);
          targets.feed(split, feeds);
        });
  }

  /** Per row, the position after its first [SEP]: where the target starts. */
  static int[] firstTargets(TextBatch texts, int sep) {
    int length = texts.maxLength();
    int[] first = new int[texts.size()];
    for (int b = 0; b < first.length; b++) {
      int t = 1;
      while (t < length && texts.tokenIds()[b * length + t] != sep) {
        t++;
      }
      if (t >= length - 1) {
        throw new IllegalArgumentException("row " + b + " has no [SEP] before a target: not a source-target example");
      }
      first[b] = t + 1;
    }
    return first;
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    UnifiedEncoder encoder = graph.encoder();
    Seq2SeqInputs inputs = Seq2SeqInputs.placeholders(scope, encoder.textLength());
    Operand<TInt32> position = DecodeStep.position(scope);
    Operand<TFloat32> logProbs = DecodeStep.logProbs(scope, encoder, vocab, inputs.encode(scope, encoder, false), position, spec.output());
    return Prediction.of(
        spec,
        Map.of(
            "token_ids", inputs.text().tokenIds(),
            "mask", inputs.text().mask(),
            "segment", inputs.segment(),
            DecodeStep.POSITION, position),
        Map.of(spec.output(), logProbs));
  }
}
