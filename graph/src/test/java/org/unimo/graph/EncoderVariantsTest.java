package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.Activation;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;

/** The encoder variants pretrained checkpoints need: token types, a position offset, GELU's tanh form, plain mean pooling. */
class EncoderVariantsTest {
  private static float[] apply(float[] x, java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> f) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = f.apply(tf, tf.constant(x));
      try (Result r = s.runner().fetch(out).run()) {
        float[] values = new float[x.length];
        ((TFloat32) r.get(0)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  @Test
  void geluTanhIsGooglesApproximationOfTheExactGelu() {
    float[] x = {-3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f};
    float[] tanh = apply(x, Layers::geluTanh);
    float[] exact = apply(x, Layers::gelu);
    for (int i = 0; i < x.length; i++) {
      double expected = 0.5 * x[i] * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * Math.pow(x[i], 3))));
      assertThat(tanh[i]).isCloseTo((float) expected, offset(1e-6f));
      assertThat(tanh[i]).isCloseTo(exact[i], offset(1e-3f));
    }
    assertThat(tanh[5]).isNotEqualTo(exact[5]);
  }

  @Test
  void tokenTypesPositionOffsetAndPlainMeanPoolingCompileAndTrain() {
    ModelSpec spec =
        TinyBatches.spec()
            .encoder(e -> e.typeVocabSize(2).positionOffset(2).activation(Activation.GELU_TANH).pooling(Pooling.PLAIN_MEAN))
            .build();
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      assertThat(compiled.variables()).contains("embeddings/token_type").noneMatch(v -> v.startsWith("pooler/"));
      float first = model.step(TinyBatches.batch(1), null).values().get("total");
      float later = first;
      for (int s = 0; s < 10; s++) {
        later = model.step(TinyBatches.batch(1), null).values().get("total");
      }
      assertThat(first).isFinite();
      assertThat(later).isLessThan(first);
    }
  }

  @Test
  void thePositionOffsetMustLeaveRoomForTheText() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TinyBatches.spec().encoder(e -> e.positionOffset(10)).build())
        .hasMessageContaining("text.max_length: 8 + encoder.position_offset (10) exceeds encoder.max_positions (16)");
  }
}
