package org.unimo.graph.heads.generation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;
import org.unimo.dsl.CaptioningSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.PairInputs;
import org.unimo.graph.TextInputs;
import org.unimo.graph.heads.PairHeads;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objectives.seq2seq.NextTokens;
import org.unimo.graph.objectives.seq2seq.Seq2SeqBatch;

/**
 * Image captioning, fine-tuned as UNIMO fine-tunes it: one joint sequence {@code [IMG] v1 ... vR
 * [CLS] w1 ... wn [SEP]}, the regions attending among themselves, the caption to the regions and
 * causally to itself; every next token of the caption from [CLS] on predicted by the shared LM
 * head, cross-entropy averaged over the tokens. Scope {@code NAME/}: inputs {@code text/...},
 * {@code image/...} and the next-token targets ({@link NextTokens}). In the inference graph the
 * step {@code NAME/log_probs} [N, V] at {@code NAME/position}, served as {@code decode_NAME}
 * ({@link org.unimo.graph.decoding.Generator}).
 */
public final class Captioning implements Head {
  /** Registers the head for {@code heads { captioning { ... } }}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(CaptioningSpec.class, Captioning::new);

  private final CaptioningSpec spec;
  private final ImageSpec image;
  private final int vocab;

  Captioning(CaptioningSpec spec, ModelSpec model) {
    this.spec = spec;
    this.image = model.image().orElseThrow(() -> new IllegalArgumentException(spec.path() + ": needs an image input"));
    this.vocab = model.text().vocabSize();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public List<DataRequirement> requires() {
    return List.of(new DataRequirement.LabelSet(spec.path() + ".captioning.labels", spec.labels(), DataRequirement.LabelSet.ANY, true, false));
  }

  /** Every next token of a caption that fills the length is predicted: T - 1 per caption. */
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
    PairInputs inputs = PairHeads.placeholders(scope, graph.encoder().textLength(), image);
    NextTokens targets = NextTokens.placeholders(scope, graph.encoder().textLength());
    TextInputs text = inputs.text();
    Operand<TFloat32> caption = graph.encoder().encodeJoint(scope, inputs.requireImage(), text.tokenIds(), text.mask(), true, true);
    Operand<TFloat32> loss = Losses.nextToken(scope, graph.encoder(), vocab, caption, targets.labels(), targets.weights());
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          PairHeads.feed(inputs, examples, feeds);
          // Every next token from [CLS] on is a target: nothing is drawn.
          targets.feed(Seq2SeqBatch.of(examples.texts(), true, Draws.seeded(0)), feeds);
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    Operand<TInt32> position = DecodeStep.position(scope);
    Operand<TFloat32> caption =
        graph.encoder().encodeJoint(scope, pairs.requireImage(), pairs.text().tokenIds(), pairs.text().mask(), true, false);
    Operand<TFloat32> logProbs = DecodeStep.logProbs(scope, graph.encoder(), vocab, caption, position, spec.output());
    Map<String, Operand<? extends TType>> in = new LinkedHashMap<>(PairHeads.inputs(pairs));
    in.put(DecodeStep.POSITION, position);
    return Prediction.of(spec, in, Map.of(spec.output(), logProbs));
  }
}
