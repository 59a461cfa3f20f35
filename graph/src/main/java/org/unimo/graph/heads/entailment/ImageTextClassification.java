package org.unimo.graph.heads.entailment;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ImageTextClassificationSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
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
    Operand<TInt32> labels = scope.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> logits = PairHeads.logits(scope, graph.encoder(), inputs, spec.dropout(), spec.classes(), spec.name(), true);
    Operand<TFloat32> targets = scope.oneHot(labels, scope.constant(spec.classes()), scope.constant(1f), scope.constant(0f));
    Operand<TFloat32> perPair = scope.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
    Operand<TFloat32> loss =
        scope.withName("loss").identity(Losses.weightedMean(scope, perPair, scope.onesLike(scope.dtypes.cast(labels, TFloat32.class))));
    Operand<TInt32> predicted = scope.math.argMax(logits, scope.constant(1), TInt32.class);
    Operand<TFloat32> accuracy =
        scope.withName("accuracy")
            .math
            .mean(scope.dtypes.cast(scope.math.equal(predicted, labels), TFloat32.class), scope.constant(0));
    return Compiled.of(
        loss,
        Map.of("accuracy", accuracy),
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          for (int label : examples.labels()) {
            if (label < 0 || label >= spec.classes()) {
              throw new IllegalArgumentException(
                  spec.path() + ": label " + label + " of label set '" + spec.labels() + "' is outside 0.." + (spec.classes() - 1));
            }
          }
          PairHeads.feed(inputs, examples, feeds);
          feeds.feed(labels, Tensors.ints(examples.labels(), examples.labels().length));
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    Operand<TFloat32> logits = PairHeads.logits(scope, graph.encoder(), pairs, spec.dropout(), spec.classes(), spec.name(), false);
    Operand<TFloat32> probabilities = scope.withName("probabilities").nn.softmax(logits);
    Operand<TInt64> label = scope.withName("label").math.argMax(logits, scope.constant(1));
    return new Prediction(
        "classify", "probabilities", PairHeads.inputs(pairs), Map.of("probabilities", probabilities, "label", label));
  }
}
