package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Precision;
import org.unimo.dsl.XlaMode;

/**
 * The LM cross-entropies against the dense formulation they replace ({@code
 * SoftmaxCrossEntropyWithLogits} of one-hot targets, over every position), value and gradient; and
 * the graph they build, which holds no one-hot target and runs the LM head only where something is
 * predicted.
 */
class LossesTest {
  /** The formulation the toolkit used before: dense targets, one-hot over the vocabulary. */
  private static Operand<TFloat32> denseCrossEntropy(Ops tf, int vocab, Operand<TFloat32> logits, Operand<TInt32> labels) {
    Operand<TFloat32> targets =
        tf.oneHot(tf.reshape(labels, tf.constant(new int[] {-1})), tf.constant(vocab), tf.constant(1f), tf.constant(0f));
    return tf.nn.softmaxCrossEntropyWithLogits(logits, targets).loss();
  }

  private static float[] values(Result result, int index) {
    TFloat32 tensor = (TFloat32) result.get(index);
    float[] out = new float[(int) tensor.shape().size()];
    tensor.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  /** Asserts |a - b| <= tolerance * max(1, |b|) entry by entry. */
  private static void assertClose(float[] actual, float[] expected, double tolerance, String what) {
    assertThat(actual).as(what).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance * Math.max(1, Math.abs(expected[i]))));
    }
  }

  /** Asserts gradients equal within {@code tolerance} of the largest entry. */
  private static void assertGradientClose(float[] actual, float[] expected, double tolerance, String what) {
    double scale = 0;
    for (float e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    assertThat(scale).as("%s is not all zero", what).isPositive();
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance * scale));
    }
  }

  @Test
  void crossEntropyAndItsGradientAreTheDenseFormulations() {
    int[][] shapes = {{1, 2}, {5, 7}, {16, 300}, {3, 1000}};
    Random random = new Random(7);
    for (int[] shape : shapes) {
      int n = shape[0];
      int vocab = shape[1];
      float[] logits = new float[n * vocab];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (random.nextGaussian() * 4);
      }
      // One row far from zero: exp would overflow without the max taken out first.
      for (int v = 0; v < vocab; v++) {
        logits[v] += 120f;
      }
      int[] labels = random.ints(n, 0, vocab).toArray();
      float[] weights = new float[n];
      for (int i = 0; i < n; i++) {
        weights[i] = i % 3 == 2 ? 0f : 1f;
      }
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, vocab)));
        Operand<TInt32> y = tf.constant(labels);
        Operand<TFloat32> w = tf.constant(weights);
        Operand<TFloat32> sparse = Losses.tokenCrossEntropy(tf, x, y);
        Operand<TFloat32> dense = denseCrossEntropy(tf, vocab, x, y);
        Operand<TFloat32> sparseMean = Losses.weightedMean(tf, sparse, w);
        Operand<TFloat32> denseMean = Losses.weightedMean(tf, dense, w);
        Operand<?> sparseGrad = tf.gradients(sparseMean, List.of(x)).dy(0);
        Operand<?> denseGrad = tf.gradients(denseMean, List.of(x)).dy(0);
        try (Session s = new Session(g);
            TFloat32 in = Tensors.floats(logits, n, vocab);
            Result r =
                s.runner().feed(x, in).fetch(sparse).fetch(dense).fetch(sparseMean).fetch(denseMean).fetch(sparseGrad).fetch(denseGrad).run()) {
          String at = n + " x " + vocab;
          assertClose(values(r, 0), values(r, 1), 1e-6, "cross-entropy " + at);
          assertClose(values(r, 2), values(r, 3), 1e-6, "weighted mean " + at);
          for (float v : values(r, 0)) {
            assertThat(v).isFinite();
          }
          assertGradientClose(values(r, 4), values(r, 5), 1e-6, "gradient " + at);
        }
      }
    }
  }

  @Test
  void aVocabularySizedCrossEntropyBuildsNoOneHotAndMatchesDoublePrecision() {
    int n = 32;
    int vocab = 50263; // GPT-2's r50k with the toolkit's specials
    Random random = new Random(3);
    float[] logits = new float[n * vocab];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * 3);
    }
    int[] labels = random.ints(n, 0, vocab).toArray();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, vocab)));
      Operand<TFloat32> loss = Losses.tokenCrossEntropy(tf, x, tf.constant(labels));
      Operand<TFloat32> mean = tf.math.mean(loss, tf.constant(0));
      Operand<?> gradient = tf.gradients(mean, List.of(x)).dy(0);
      assertThat(opTypes(g)).doesNotContain("OneHot", "SoftmaxCrossEntropyWithLogits", "SparseSoftmaxCrossEntropyWithLogits");
      try (Session s = new Session(g);
          TFloat32 in = Tensors.floats(logits, n, vocab);
          Result r = s.runner().feed(x, in).fetch(loss).fetch(gradient).run()) {
        float[] values = values(r, 0);
        float[] grad = values(r, 1);
        for (int i = 0; i < n; i++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int v = 0; v < vocab; v++) {
            max = Math.max(max, logits[i * vocab + v]);
          }
          double sum = 0;
          for (int v = 0; v < vocab; v++) {
            sum += Math.exp(logits[i * vocab + v] - max);
          }
          double logSumExp = max + Math.log(sum);
          double expected = logSumExp - logits[i * vocab + labels[i]];
          assertThat((double) values[i]).as("row %d", i).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6 * expected));
          // d mean / d logit = (softmax - onehot) / N.
          double atLabel = (Math.exp(logits[i * vocab + labels[i]] - logSumExp) - 1) / n;
          assertThat((double) grad[i * vocab + labels[i]]).isCloseTo(atLabel, org.assertj.core.data.Offset.offset(1e-6 / n));
        }
      }
    }
  }

  /** A tiny encoder's parts over their own graph, to build the LM losses directly. */
  private static UnifiedEncoder encoder(Ops tf, ModelSpec spec) {
    Params params = new Params(tf, spec.seed(), spec.encoder().initializerRange());
    Layers layers = new Layers(params, spec.seed(), tf.constant(1L), spec.compile().precision(), spec.encoder().layerNormEpsilon());
    return new UnifiedEncoder(spec, layers);
  }

  private static final int B = 3;
  private static final int T = 6;
  private static final int HIDDEN = 16;
  private static final int VOCAB = 300;

  @Test
  void nextTokenAndMaskedLmEqualTheDenseLossesOverEveryPosition() {
    for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
      ModelSpec spec = TinyBatches.spec().compile(c -> c.precision(precision)).build();
      Random random = new Random(11);
      float[] states = new float[B * T * HIDDEN];
      for (int i = 0; i < states.length; i++) {
        states[i] = (float) random.nextGaussian();
      }
      int[] labels = random.ints(B * T, 0, VOCAB).toArray();
      // Row 0: positions 2-4 predicted; row 1: none; row 2: all but the last.
      float[] weights = {0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0};
      int predicted = 8;
      int[] positions = {2, 4, 0, 0, 5, 1}; // masked LM: 2 per row, row 1's second padding
      int[] mlmLabels = random.ints(B * 2, 0, VOCAB).toArray();
      float[] mlmWeights = {1, 1, 1, 0, 1, 1};
      try (Graph g = new Graph()) {
        Ops tf = Ops.create(g);
        UnifiedEncoder encoder = encoder(tf, spec);
        Placeholder<TFloat32> sequence = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, T, HIDDEN)));
        Operand<TInt32> y = tf.constant(Shape.of(B, T), DataBuffers.of(labels, true, false));
        Operand<TFloat32> w = tf.constant(Shape.of(B, T), DataBuffers.of(weights, true, false));
        Operand<TFloat32> sparse = Losses.nextToken(tf.withSubScope("sparse"), encoder, VOCAB, sequence, y, w);
        Ops denseScope = tf.withSubScope("dense");
        Operand<TFloat32> dense =
            Losses.weightedMean(
                denseScope,
                denseCrossEntropy(
                    denseScope,
                    VOCAB,
                    Losses.lmLogits(denseScope, encoder, VOCAB, denseScope.reshape(sequence, denseScope.constant(new int[] {-1, HIDDEN}))),
                    y),
                w);

        Operand<TInt32> p = tf.constant(Shape.of(B, 2), DataBuffers.of(positions, true, false));
        Operand<TInt32> mlmY = tf.constant(Shape.of(B, 2), DataBuffers.of(mlmLabels, true, false));
        Operand<TFloat32> mlmW = tf.constant(Shape.of(B, 2), DataBuffers.of(mlmWeights, true, false));
        Operand<TFloat32> mlm = Losses.maskedLm(tf.withSubScope("mlm"), encoder, VOCAB, sequence, T, p, mlmY, mlmW);
        Ops oldMlm = tf.withSubScope("old_mlm");
        Operand<TFloat32> select = oldMlm.oneHot(p, oldMlm.constant(T), oldMlm.constant(1f), oldMlm.constant(0f));
        Operand<TFloat32> gathered =
            oldMlm.reshape(oldMlm.linalg.einsum(List.of(select, sequence), "bpt,bth->bph"), oldMlm.constant(new int[] {-1, HIDDEN}));
        Operand<TFloat32> mlmDense =
            Losses.weightedMean(oldMlm, denseCrossEntropy(oldMlm, VOCAB, Losses.lmLogits(oldMlm, encoder, VOCAB, gathered), mlmY), mlmW);

        Operand<TFloat32> words = encoder.wordEmbeddings();
        List<Operand<?>> fetches = new ArrayList<>(List.of(sparse, dense, mlm, mlmDense));
        for (Operand<TFloat32> loss : List.of(sparse, dense, mlm, mlmDense)) {
          var grads = tf.gradients(loss, List.of(sequence, words));
          fetches.add(grads.dy(0));
          fetches.add(grads.dy(1));
        }
        // The LM logits of next-token prediction: [rows, V] with one row per predicted position.
        Operand<?> sparseLogits = logitsUnder(g, "sparse/");
        fetches.add(sparseLogits);
        try (Session s = new Session(g); TFloat32 in = Tensors.floats(states, B, T, HIDDEN)) {
          Session.Runner runner = s.runner().feed(sequence, in);
          fetches.forEach(runner::fetch);
          try (Result r = runner.run()) {
            String at = precision.toString();
            assertClose(values(r, 0), values(r, 1), 1e-6, "next-token loss " + at);
            assertClose(values(r, 2), values(r, 3), 1e-6, "masked LM loss " + at);
            assertGradientClose(values(r, 4), values(r, 6), 1e-5, "next-token d/d states " + at);
            assertGradientClose(values(r, 5), values(r, 7), 1e-5, "next-token d/d word embeddings " + at);
            assertGradientClose(values(r, 8), values(r, 10), 1e-5, "masked LM d/d states " + at);
            assertGradientClose(values(r, 9), values(r, 11), 1e-5, "masked LM d/d word embeddings " + at);
            assertThat(r.get(12).shape()).isEqualTo(Shape.of(predicted, VOCAB));
          }
        }
      }
    }
  }

  /** The one [?, V] BiasAdd (the LM head's logits) under {@code scope}. */
  private static Operand<?> logitsUnder(Graph g, String scope) {
    List<Operand<?>> found = new ArrayList<>();
    g.operations()
        .forEachRemaining(
            op -> {
              if (op.name().startsWith(scope) && op.type().equals("BiasAdd") && op.output(0).shape().size(1) == VOCAB) {
                found.add(op.output(0));
              }
            });
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static Set<String> opTypes(Graph g) {
    Set<String> types = new TreeSet<>();
    g.operations().forEachRemaining(op -> types.add(op.type()));
    return types;
  }

  @Test
  void theLanguageModelObjectivesBuildNoOneHotTargets() {
    ModelSpec spec =
        TinyBatches.spec()
            .seq2seq(s -> s.weight(1f))
            .pairMlm(m -> m.maxPredictions(TinyBatches.PREDICTIONS))
            .captionGeneration(c -> c.weight(1f))
            .build();
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training())) {
      assertThat(model.objectives())
          .extracting(CompiledModel.CompiledObjective::name)
          .containsExactly("mlm", "cmcl", "seq2seq", "pair_mlm", "caption_generation");
      // The training graph, gradients included. CMCL's [B, B] identity is its only one-hot.
      List<String> oneHots = new ArrayList<>();
      model.graph().operations().forEachRemaining(op -> {
        if (op.type().equals("OneHot")) {
          oneHots.add(op.name());
        }
      });
      assertThat(oneHots).isNotEmpty().allMatch(name -> name.startsWith("cmcl/"));
      assertThat(opTypes(model.graph())).doesNotContain("SoftmaxCrossEntropyWithLogits").contains("LogSoftmax", "Where");
      try (LiveModel live = LiveModel.open(model)) {
        assertThat(live.step(TinyBatches.batch(1), null).values().get("total")).isFinite();
      }
    }
  }

  @Test
  void nextTokenTrainsUnderXla() {
    // A dynamic row count inside an XLA cluster once broke the LM head's gradient.
    ModelSpec.Builder spec = TinyBatches.spec().seq2seq(s -> s.weight(1f)).captionGeneration(c -> c.weight(1f));
    float[] xla = ModelCompilerTest.trainLosses(spec.compile(c -> c.xla(XlaMode.ON)).build(), 2);
    float[] plain = ModelCompilerTest.trainLosses(spec.compile(c -> c.xla(XlaMode.OFF)).build(), 2);
    assertThat(xla[1]).isFinite().isCloseTo(plain[1], org.assertj.core.data.Offset.offset(1e-3f * plain[1]));
  }
}
