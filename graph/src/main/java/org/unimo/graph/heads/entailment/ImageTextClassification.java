package org.unimo.graph.heads.entailment;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ImageTextClassificationSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.PairInputs;
import org.unimo.graph.heads.PairHeads;
import org.unimo.graph.heads.SoftmaxClassifier;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Image-text classification (visual entailment, SNLI-VE): one joint pass of the image and the
 * text, the text's pooled output through {@link PairHeads}' two-layer classifier, softmax
 * cross-entropy against one class per pair. Scope {@code NAME/}: inputs {@code text/...} and
 * {@code image/...}, {@code labels} [B]; {@code loss} and {@code accuracy}. In the inference graph,
 * {@code NAME/probabilities} [B, C] and {@code NAME/label} [B] from the model's {@code text/...} and
 * {@code image/...} inputs, served as {@code classify_NAME}.
 */
public final class ImageTextClassification implements Head {
  /** Registers the head for {@code heads { image_text_classification { ... } }}. */
  public static final ObjectiveType TYPE =
      ObjectiveType.of(ImageTextClassificationSpec.class, ImageTextClassification::new);

  private final ImageTextClassificationSpec spec;
  private final ImageSpec image;
  private final int hidden;

  ImageTextClassification(ImageTextClassificationSpec spec, ModelSpec model) {
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
    return List.of(
        new DataRequirement.LabelSet(
            spec.path() + ".image_text_classification.labels", spec.labels(), spec.classes(), true, false));
  }

  @Override
  public boolean memory(Footprint footprint) {
    return PairHeads.memory(footprint, spec.name(), hidden, spec.classes());
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs inputs = PairHeads.placeholders(scope, graph.encoder().textLength(), image);
    Operand<TFloat32> logits = PairHeads.logits(scope, graph.encoder(), inputs, spec.dropout(), spec.classes(), spec.name(), true);
    SoftmaxClassifier classifier = SoftmaxClassifier.of(scope, logits, spec.classes());
    return Compiled.of(
        classifier.loss(),
        Map.of("accuracy", classifier.accuracy()),
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          PairHeads.feed(inputs, examples, feeds);
          classifier.feedLabels(examples, spec.classes(), spec.path(), spec.labels(), feeds);
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    Operand<TFloat32> logits = PairHeads.logits(scope, graph.encoder(), pairs, spec.dropout(), spec.classes(), spec.name(), false);
    Operand<TFloat32> probabilities = scope.withName("probabilities").nn.softmax(logits);
    Operand<TInt64> label = scope.withName("label").math.argMax(logits, scope.constant(1));
    return Prediction.of(spec, PairHeads.inputs(pairs), Map.of(spec.output(), probabilities, "label", label));
  }
}
