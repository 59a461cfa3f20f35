package org.unimo.graph.heads.regression;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.SequenceRegressionSpec;
import org.unimo.graph.heads.TextHeads;
import org.unimo.graph.Losses;
import org.unimo.graph.Tensors;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Sequence regression (STS-B): the pooled text representation, dropout, a dense layer to one
 * value, the squared error against one score per text (the mean over the batch, through {@link
 * Losses#weightedMean}). Scope {@code NAME/}: inputs {@code token_ids}, {@code mask} [B, T] and
 * {@code scores} [B]; {@code loss}. In the inference graph, {@code NAME/value} [B, 1] from the
 * model's {@code text/token_ids} and {@code text/mask}, served as {@code regress_NAME}.
 */
public final class SequenceRegression implements Head {
  /** Registers the head for {@code heads { sequence_regression { ... } }}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(SequenceRegressionSpec.class, SequenceRegression::new);

  private final SequenceRegressionSpec spec;
  private final int hidden;

  SequenceRegression(SequenceRegressionSpec spec, ModelSpec model) {
    this.spec = spec;
    this.hidden = model.encoder().hidden();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  /** A scored label set: one with no classes. */
  @Override
  public List<DataRequirement> requires() {
    return List.of(new DataRequirement.LabelSet(spec.path() + ".sequence_regression.labels", spec.labels(), 0));
  }

  /** [B, 1] of texts; the head's variables live under {@code heads/NAME/}. */
  private Operand<TFloat32> values(Ops scope, UnifiedEncoder encoder, TextInputs text, boolean training) {
    return TextHeads.pooledDense(scope, encoder, text, spec.dropout(), 1, spec.name(), training);
  }


  @Override
  public boolean memory(Footprint footprint) {
    return TextHeads.memory(footprint, spec.name(), hidden, 1);
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    TextInputs text = TextInputs.placeholders(scope, graph.encoder().textLength());
    Operand<TFloat32> scores = scope.withName("scores").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> values = scope.reshape(values(scope, graph.encoder(), text, true), scope.constant(new int[] {-1}));
    Operand<TFloat32> squared = scope.math.squaredDifference(values, scores);
    Operand<TFloat32> loss = scope.withName("loss").identity(Losses.weightedMean(scope, squared, scope.onesLike(scores)));
    return Compiled.of(
        loss,
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          text.feed(examples.texts(), feeds);
          feeds.feed(scores, Tensors.floats(examples.scores(), examples.scores().length));
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    TextInputs text = graph.pairs().text();
    Operand<TFloat32> value = scope.withName("value").identity(values(scope, graph.encoder(), text, false));
    Map<String, Operand<? extends TType>> inputs = TextHeads.inputs(text);
    return Prediction.of(spec, inputs, Map.of(spec.output(), value));
  }
}
