package org.unimo.graph.heads.classification;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.SequenceClassificationSpec;
import org.unimo.graph.heads.SoftmaxClassifier;
import org.unimo.graph.heads.TextHeads;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Sequence classification (GLUE-style): the pooled text representation, dropout, a dense layer to
 * {@code classes} logits, softmax cross-entropy against one label per text. Scope {@code NAME/}:
 * inputs {@code token_ids}, {@code mask} [B, T] and {@code labels} [B]; {@code loss} and {@code
 * accuracy}. In the inference graph, {@code NAME/probabilities} [B, C] and {@code NAME/label} [B]
 * from the model's {@code text/token_ids} and {@code text/mask}.
 */
public final class SequenceClassification implements Head {
  /** Registers the head for {@code heads { sequence_classification { ... } }}. */
  public static final ObjectiveType TYPE =
      ObjectiveType.of(SequenceClassificationSpec.class, SequenceClassification::new);

  private final SequenceClassificationSpec spec;
  private final int hidden;

  SequenceClassification(SequenceClassificationSpec spec, ModelSpec model) {
    this.spec = spec;
    this.hidden = model.encoder().hidden();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public java.util.List<org.unimo.graph.objective.DataRequirement> requires() {
    return java.util.List.of(
        new org.unimo.graph.objective.DataRequirement.LabelSet(
            spec.path() + ".sequence_classification.labels", spec.labels(), spec.classes()));
  }

  /** [B, C] of texts; the head's variables live under {@code heads/NAME/}. */
  private Operand<TFloat32> logits(Ops scope, UnifiedEncoder encoder, TextInputs text, boolean training) {
    return TextHeads.pooledDense(scope, encoder, text, spec.dropout(), spec.classes(), spec.name(), training);
  }


  @Override
  public boolean memory(Footprint footprint) {
    return TextHeads.memory(footprint, spec.name(), hidden, spec.classes());
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    TextInputs text = TextInputs.placeholders(scope, graph.encoder().textLength());
    Operand<TFloat32> logits = logits(scope, graph.encoder(), text, true);
    SoftmaxClassifier classifier = SoftmaxClassifier.of(scope, logits, spec.classes());
    return Compiled.of(
        classifier.loss(),
        Map.of("accuracy", classifier.accuracy()),
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          text.feed(examples.texts(), feeds);
          classifier.feedLabels(examples, spec.classes(), spec.path(), spec.labels(), feeds);
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    TextInputs text = graph.pairs().text();
    Operand<TFloat32> logits = logits(scope, graph.encoder(), text, false);
    Operand<TFloat32> probabilities = scope.withName("probabilities").nn.softmax(logits);
    Operand<TInt64> label = scope.withName("label").math.argMax(logits, scope.constant(1));
    Map<String, Operand<? extends TType>> inputs = TextHeads.inputs(text);
    return Prediction.of(spec, inputs, Map.of(spec.output(), probabilities, "label", label));
  }
}
