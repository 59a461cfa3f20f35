package org.unimo.graph.heads.retrieval;

import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.dsl.RetrievalSpec;
import org.unimo.graph.Losses;
import org.unimo.graph.PairInputs;
import org.unimo.graph.Tensors;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.heads.PairHeads;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Footprint;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.LabeledExamples;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;

/**
 * Image-text retrieval fine-tuning: the batch's texts and images embedded separately (pooled,
 * L2-normalized, as CMCL and the export's {@code score} signature embed them), their cosine
 * similarities over the temperature, and softmax cross-entropy of each text against every image
 * of the batch and of each image against every text, averaged. A label set's label is the image
 * an example shows: another caption of the same image is neither a positive nor a negative (it is
 * left out of the softmax). Scope {@code NAME/}: inputs {@code text/...}, {@code image/...} and
 * {@code images} [B] (the image ids); {@code loss} and {@code accuracy} (text-to-image R@1 within
 * the batch). In the inference graph {@code NAME/scores} [texts, images], served as {@code
 * retrieve_NAME}: the same cosine similarities as the {@code score} signature.
 */
public final class Retrieval implements Head {
  /** Registers the head for {@code heads { retrieval { ... } }}. */
  public static final ObjectiveType TYPE = ObjectiveType.of(RetrievalSpec.class, Retrieval::new);

  private static final float MASKED = -1e9f;

  private final RetrievalSpec spec;
  private final ImageSpec image;

  Retrieval(RetrievalSpec spec, ModelSpec model) {
    this.spec = spec;
    this.image = model.image().orElseThrow(() -> new IllegalArgumentException(spec.path() + ": needs an image input"));
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public List<DataRequirement> requires() {
    return List.of(
        new DataRequirement.LabelSet(spec.path() + ".retrieval.labels", spec.labels(), DataRequirement.LabelSet.ANY, true, false));
  }

  @Override
  public boolean memory(Footprint footprint) {
    int batch = footprint.batch();
    footprint.textPass("text encoder pass", batch, false);
    footprint.imagePass("image encoder pass", batch);
    footprint.floats("similarities " + batch + " x " + batch, 8L * batch * batch);
    return true;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    UnifiedEncoder encoder = graph.encoder();
    PairInputs inputs = PairHeads.placeholders(scope, encoder.textLength(), image);
    Operand<TInt32> images = scope.withName("images").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Operand<TFloat32> text =
        encoder.embedTextVector(scope.withSubScope("text"), inputs.text().tokenIds(), inputs.text().mask(), true);
    Operand<TFloat32> picture = encoder.embedImageVector(scope.withSubScope("image"), inputs.requireImage(), true);
    Operand<TFloat32> similarities =
        scope.math.div(scope.linalg.matMul(text, picture, MatMul.transposeB(true)), scope.constant(spec.temperature()));
    // Row i, column j: text i against image j. Another example of text i's own image is left out.
    Operand<TBool> sameImage =
        scope.math.equal(scope.expandDims(images, scope.constant(1)), scope.expandDims(images, scope.constant(0)));
    Operand<TInt32> size = UnifiedEncoder.batchSize(scope, images);
    Operand<TFloat32> eye =
        scope.oneHot(scope.range(scope.constant(0), size, scope.constant(1)), size, scope.constant(1f), scope.constant(0f));
    Operand<TFloat32> excluded =
        scope.math.sub(scope.dtypes.cast(sameImage, TFloat32.class), eye);
    Operand<TFloat32> logits = scope.math.add(similarities, scope.math.mul(excluded, scope.constant(MASKED)));
    Operand<TFloat32> textToImage = scope.nn.softmaxCrossEntropyWithLogits(logits, eye).loss();
    Operand<TFloat32> imageToText =
        scope.nn.softmaxCrossEntropyWithLogits(scope.linalg.transpose(logits, scope.constant(new int[] {1, 0})), eye).loss();
    Operand<TFloat32> perPair = scope.math.mul(scope.math.add(textToImage, imageToText), scope.constant(0.5f));
    Operand<TFloat32> loss = scope.withName("loss").identity(Losses.weightedMean(scope, perPair, scope.onesLike(scope.dtypes.cast(images, TFloat32.class))));
    Operand<TInt32> best = scope.math.argMax(logits, scope.constant(1), TInt32.class);
    Operand<TFloat32> accuracy =
        scope.withName("accuracy")
            .math
            .mean(
                scope.dtypes.cast(scope.math.equal(scope.gather(images, best, scope.constant(0)), images), TFloat32.class),
                scope.constant(0));
    return Compiled.of(
        loss,
        Map.of("accuracy", accuracy),
        (batch, feeds) -> {
          LabeledExamples examples = batch.labeled(spec.labels());
          PairHeads.feed(inputs, examples, feeds);
          feeds.feed(images, Tensors.ints(examples.labels(), examples.labels().length));
        });
  }

  @Override
  public Prediction predict(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    PairInputs pairs = graph.pairs();
    UnifiedEncoder encoder = graph.encoder();
    Operand<TFloat32> text = encoder.embedTextVector(scope.withSubScope("text"), pairs.text().tokenIds(), pairs.text().mask(), false);
    Operand<TFloat32> picture = encoder.embedImageVector(scope.withSubScope("image"), pairs.requireImage(), false);
    Operand<TFloat32> scores = scope.withName("scores").linalg.matMul(text, picture, MatMul.transposeB(true));
    return Prediction.of(spec, PairHeads.inputs(pairs), Map.of(spec.output(), scores));
  }
}
