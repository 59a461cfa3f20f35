package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Each loss on tiny fixed inputs against a hand computation, and its gradient against finite differences. */
class ObjectivesTest {
  /** A loss of one variable input x (the other inputs are constants of the test). */
  interface Loss {
    Operand<TFloat32> build(Ops tf, Operand<TFloat32> x);
  }

  /** Value and gradient of {@code loss} at x (flat, reshaped to {@code shape}). */
  private static float[][] evaluate(Loss loss, float[] x, long... shape) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
      Operand<TFloat32> value = loss.build(tf, input);
      Operand<?> gradient = tf.gradients(value, java.util.List.of(input)).dy(0);
      try (Session s = new Session(g);
          TFloat32 in = Tensors.floats(x, shape);
          Result r = s.runner().feed(input, in).fetch(value).fetch(gradient).run()) {
        float[] grad = new float[x.length];
        ((TFloat32) r.get(1)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(grad, false, false));
        return new float[][] {{Outputs.scalar(r.get(0))}, grad};
      }
    }
  }

  /** Central differences of the loss at every coordinate of x. */
  private static void assertGradientMatchesFiniteDifferences(Loss loss, float[] x, long... shape) {
    float[] analytic = evaluate(loss, x, shape)[1];
    float h = 1e-2f;
    for (int i = 0; i < x.length; i++) {
      float[] plus = x.clone();
      float[] minus = x.clone();
      plus[i] += h;
      minus[i] -= h;
      float numeric = (evaluate(loss, plus, shape)[0][0] - evaluate(loss, minus, shape)[0][0]) / (2 * h);
      assertThat(analytic[i]).as("d loss / d x[%d]", i).isCloseTo(numeric, offset(2e-3f));
    }
  }

  private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
    return tf.constant(Shape.of(shape), org.tensorflow.ndarray.buffer.DataBuffers.of(values, true, false));
  }

  // One image, two regions, two features; only region 1 is masked.
  private static final float[] TARGET_FEATURES = {0.5f, 0.5f, 1f, 0f};
  private static final float[] MASKED = {0f, 1f};

  private final Loss mrfr =
      (tf, predicted) ->
          org.unimo.graph.objectives.mrfr.MaskedRegionFeatureRegression.loss(tf, predicted, constant(tf, TARGET_FEATURES, 1, 2, 2), constant(tf, MASKED, 1, 2));

  @Test
  void mrfrIsTheMeanSquaredErrorOfTheMaskedRegions() {
    float[] predicted = {9f, 9f, 0.5f, 1f}; // region 0 is wrong but not masked
    // Region 1: ((0.5 - 1)^2 + (1 - 0)^2) / 2 = (0.25 + 1) / 2 = 0.625.
    assertThat(evaluate(mrfr, predicted, 1, 2, 2)[0][0]).isCloseTo(0.625f, offset(1e-6f));
    assertGradientMatchesFiniteDifferences(mrfr, predicted, 1, 2, 2);
  }

  private static final float[] DETECTOR = {0.7f, 0.2f, 0.1f, 0.1f, 0.6f, 0.3f}; // two regions, three classes

  private static Loss mrc(boolean soft) {
    return (tf, logits) ->
        org.unimo.graph.objectives.mrc.MaskedRegionClassification.loss(tf, logits, constant(tf, DETECTOR, 1, 2, 3), constant(tf, new float[] {1f, 1f}, 1, 2), 3, soft);
  }

  @Test
  void softMrcIsTheKlDivergenceToTheDetector() {
    float[] logits = {1f, 0f, -1f, 0f, 2f, 0f};
    double expected = 0;
    for (int r = 0; r < 2; r++) {
      double z = 0;
      for (int c = 0; c < 3; c++) z += Math.exp(logits[r * 3 + c]);
      for (int c = 0; c < 3; c++) {
        double p = DETECTOR[r * 3 + c];
        double q = Math.exp(logits[r * 3 + c]) / z;
        expected += p * Math.log(p / q);
      }
    }
    expected /= 2;
    assertThat(evaluate(mrc(true), logits, 1, 2, 3)[0][0]).isCloseTo((float) expected, offset(1e-5f));
    assertGradientMatchesFiniteDifferences(mrc(true), logits, 1, 2, 3);
  }

  @Test
  void softMrcIsZeroWhenThePredictionIsTheDetectorsDistribution() {
    float[] logits = new float[6];
    for (int i = 0; i < 6; i++) logits[i] = (float) Math.log(DETECTOR[i]);
    assertThat(evaluate(mrc(true), logits, 1, 2, 3)[0][0]).isCloseTo(0f, offset(1e-6f));
  }

  @Test
  void inBatchCmclPutsBothDirectionsOfEveryOtherPairInOneDenominator() {
    // Two unit vectors per side; similarity matrix S = T I^T = [[1, 0], [0.6, 0.8]]; temperature 0.5.
    float[] texts = {1f, 0f, 0.6f, 0.8f};
    float[] images = {1f, 0f, 0f, 1f};
    Loss cmcl = (tf, t) -> new org.unimo.graph.objectives.cmcl.Cmcl.Candidates(tf, t, constant(tf, images, 2, 2), tf.constant(2f)).loss();
    double[][] s = {{2, 0}, {1.2, 1.6}}; // S / temperature: s[text][image]
    // Pair 0: positive (V0, W0); negatives (V0, W1) = s[1][0] and (V1, W0) = s[0][1].
    double pair0 = -s[0][0] + Math.log(Math.exp(s[0][0]) + Math.exp(s[0][1]) + Math.exp(s[1][0]));
    double pair1 = -s[1][1] + Math.log(Math.exp(s[1][1]) + Math.exp(s[1][0]) + Math.exp(s[0][1]));
    assertThat(evaluate(cmcl, texts, 2, 2)[0][0]).isCloseTo((float) ((pair0 + pair1) / 2), offset(1e-5f));
    assertGradientMatchesFiniteDifferences(cmcl, texts, 2, 2);
  }

  @Test
  void multiPositiveCmclSumsEveryValidPositiveOverEveryValidCandidate() {
    // Two anchors, four candidates each (logits already divided by tau). Anchor 0: positives
    // 2.0 (itself) and 1.0 (a paraphrase), negatives 0.5 and 1.5. Anchor 1: positive 1.0,
    // negative 0.2, and two padding slots (any value).
    float[] logits = {2f, 1f, 0.5f, 1.5f, 1f, 7f, 0.2f, 9f};
    float[] positive = {1, 1, 0, 0, 1, 0, 0, 0};
    float[] valid = {1, 1, 1, 1, 1, 0, 1, 0};
    Loss cmcl = (tf, l) -> org.unimo.graph.objectives.cmcl.Cmcl.loss(tf, l, constant(tf, positive, 2, 4), constant(tf, valid, 2, 4));
    double pair0 =
        -Math.log((Math.exp(2) + Math.exp(1)) / (Math.exp(2) + Math.exp(1) + Math.exp(0.5) + Math.exp(1.5)));
    double pair1 = -Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(0.2)));
    assertThat(evaluate(cmcl, logits, 2, 4)[0][0]).isCloseTo((float) ((pair0 + pair1) / 2), offset(1e-5f));
    assertGradientMatchesFiniteDifferences(cmcl, logits, 2, 4);
    float[] other = logits.clone();
    other[5] = -40f;
    other[7] = 3f;
    assertThat(evaluate(cmcl, other, 2, 4)[0][0]).isEqualTo(evaluate(cmcl, logits, 2, 4)[0][0]);
  }

  @Test
  void anotherPairsPositiveSampleIsANegative() {
    // Two pairs with one paraphrase each, embeddings in 2-d, temperature 1 (logits = cosines).
    // Text anchors W0 = (1, 0), W1 = (0, 1); images V0 = (1, 0), V1 = (0.6, 0.8); paraphrases
    // P0 = (0.8, 0.6), P1 = (0, 1).
    float[] paraphrases = {0.8f, 0.6f, 0f, 1f};
    Loss cmcl =
        (tf, p) ->
            new org.unimo.graph.objectives.cmcl.Cmcl.Candidates(
                    tf, constant(tf, new float[] {1, 0, 0, 1}, 2, 2), constant(tf, new float[] {1, 0, 0.6f, 0.8f}, 2, 2), tf.constant(1f))
                .sampleTexts(p, constant(tf, new float[] {1, 1}, 2, 1), 1, true)
                .loss();
    // Anchor 0: positives (V0,W0)=1, (V0,P0)=0.8; negatives (V0,W1)=0, (V1,W0)=0.6, (V0,P1)=0.
    double pair0 = -Math.log((Math.exp(1) + Math.exp(0.8)) / (Math.exp(1) + Math.exp(0.8) + 1 + Math.exp(0.6) + 1));
    // Anchor 1: positives (V1,W1)=0.8, (V1,P1)=0.8; negatives (V1,W0)=0.6, (V0,W1)=0, (V1,P0)=0.96.
    double pair1 =
        -Math.log((2 * Math.exp(0.8)) / (2 * Math.exp(0.8) + Math.exp(0.6) + 1 + Math.exp(0.96)));
    assertThat(evaluate(cmcl, paraphrases, 2, 2)[0][0]).isCloseTo((float) ((pair0 + pair1) / 2), offset(1e-5f));
    assertGradientMatchesFiniteDifferences(cmcl, paraphrases, 2, 2);
  }

  @Test
  void hardMrcIsTheCrossEntropyOfAOneHotTarget() {
    float[] logits = {1f, 0f, -1f, 0f, 2f, 0f};
    Loss hard =
        (tf, l) ->
            org.unimo.graph.objectives.mrc.MaskedRegionClassification.loss(
                tf, l, constant(tf, new float[] {1, 0, 0, 0, 1, 0}, 1, 2, 3), constant(tf, new float[] {1f, 0f}, 1, 2), 3, false);
    double z = Math.exp(1) + Math.exp(0) + Math.exp(-1);
    assertThat(evaluate(hard, logits, 1, 2, 3)[0][0]).isCloseTo((float) -Math.log(Math.exp(1) / z), offset(1e-5f));
    assertGradientMatchesFiniteDifferences(hard, logits, 1, 2, 3);
  }

  @Test
  void languageModelLossesAreTheWeightedMeanTokenCrossEntropy() {
    // The loss part shared by masked LM and seq2seq: three positions over a vocabulary of three,
    // labels 0, 2, 1, the last position weighted out.
    float[] logits = {2f, 0f, 0f, 0f, 1f, 3f, 5f, 5f, 5f};
    Loss lm =
        (tf, l) ->
            Losses.weightedMean(
                tf,
                Losses.tokenCrossEntropy(tf, l, tf.constant(new int[] {0, 2, 1})),
                constant(tf, new float[] {1f, 1f, 0f}, 3));
    double first = -2 + Math.log(Math.exp(2) + 2);
    double second = -3 + Math.log(1 + Math.exp(1) + Math.exp(3));
    assertThat(evaluate(lm, logits, 3, 3)[0][0]).isCloseTo((float) ((first + second) / 2), offset(1e-5f));
    assertGradientMatchesFiniteDifferences(lm, logits, 3, 3);
  }
}
