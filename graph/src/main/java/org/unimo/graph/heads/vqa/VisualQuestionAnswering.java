package org.unimo.graph.heads.vqa;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.VisualQuestionAnsweringSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.PairInputs;
import org.unimo.graph.Tensors;
import org.unimo.graph.heads.PairHeads;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Visual question answering as multi-label classification: one joint pass of the image and the
 * question, {@link PairHeads}' two-layer classifier to one logit per answer of the vocabulary, and
 * sigmoid cross-entropy against each answer's soft score (the VQA accuracy the answer would get:
 * 1 when three or more of the ten annotators gave it), summed over answers and averaged over
 * questions, as UNIMO, UNITER and their predecessors train it. Scope {@code NAME/}: inputs {@code
 * text/...}, {@code image/...} and {@code targets} [B, A]; {@code loss} and {@code score} (the
 * VQA accuracy of the top answer, from the targets). In the inference graph {@code NAME/scores}
 * [B, A] (each answer's sigmoid) and {@code NAME/answer} [B] (the top answer's index), served as
 * {@code answer_NAME}.
 */
public final class VisualQuestionAnswering implements Head {
  /** Registers the head for {@code heads { vqa { ... } }}. */
  public static final ObjectiveType TYPE =
      ObjectiveType.of(VisualQuestionAnsweringSpec.class, VisualQuestionAnswering::new);

  private final VisualQuestionAnsweringSpec spec;
  private final ImageSpec image;
  private final int hidden;

  VisualQuestionAnswering(VisualQuestionAnsweringSpec spec, ModelSpec model) {
    this.spec = spec;
    this.image = model.image().orElseThrow(() -> new IllegalArgumentException(spec.path() + ": needs an image input"));
    this.hidden = model.encoder().hidden();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public List<DataRequirement> requires() {
    return List.of(new DataRequirement.LabelSet(spec.path() + ".vqa.answers", spec.labels(), spec.answers(), true, true));
  }

  @Override
  public boolean memory(Footprint footprint) {
    PairHeads.memory(footprint, spec.name(), hidden, spec.answers());
    footprint.floats("answer targets, sigmoids and their gradient", 4L * footprint.batch() * spec.answers());
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs inputs = PairHeads.placeholders(scope, graph.encoder().textLength(), image);
    Operand<TFloat32> targets =
        scope.withName("targets").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.answers())));
    Operand<TFloat32> logits = PairHeads.logits(scope, graph.encoder(), inputs, spec.dropout(), spec.answers(), spec.name(), true);
    Operand<TFloat32> perAnswer = Losses.sigmoidCrossEntropy(scope, targets, logits);
    Operand<TFloat32> perQuestion = scope.reduceSum(perAnswer, scope.constant(1));
    Operand<TFloat32> loss =
        scope.withName("loss").identity(Losses.weightedMean(scope, perQuestion, scope.onesLike(scope.reduceSum(targets, scope.constant(1)))));
    Operand<TFloat32> chosen =
        scope.oneHot(scope.math.argMax(logits, scope.constant(1)), scope.constant(spec.answers()), scope.constant(1f), scope.constant(0f));
    Operand<TFloat32> score =
        scope.withName("score").math.mean(scope.reduceSum(scope.math.mul(chosen, targets), scope.constant(1)), scope.constant(0));
    return Compiled.of(
        loss,
        Map.of("score", score),
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          PairHeads.feed(inputs, examples, feeds);
          feeds.feed(targets, Tensors.floats(examples.targets(), examples.texts().size(), spec.answers()));
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    Operand<TFloat32> logits = PairHeads.logits(scope, graph.encoder(), pairs, spec.dropout(), spec.answers(), spec.name(), false);
    Operand<TFloat32> scores = scope.withName("scores").math.sigmoid(logits);
    Operand<TInt64> answer = scope.withName("answer").math.argMax(logits, scope.constant(1));
    return Prediction.of(spec, PairHeads.inputs(pairs), Map.of(spec.output(), scores, "answer", answer));
  }
}
