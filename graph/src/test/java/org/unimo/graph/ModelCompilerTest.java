package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.Compile;

class ModelCompilerTest {
  private static float[] trainLosses(ModelSpec spec, int steps) {
    float[] losses = new float[steps];
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
        Session session = model.newSession()) {
      for (int s = 0; s < steps; s++) {
        List<Tensor> owned = new ArrayList<>();
        try (Result result =
            TinyBatches.feedAll(session.runner(), 1, owned)
                .fetch(Names.LOSS_TOTAL)
                .addTarget(Names.TRAIN_OP)
                .run()) {
          losses[s] = ((TFloat32) result.get(0)).getFloat();
        } finally {
          owned.forEach(Tensor::close);
        }
      }
    }
    return losses;
  }

  @Test
  void trainingOnOneBatchLowersTheLoss() {
    float[] losses = trainLosses(TinyBatches.spec().build(), 15);
    assertThat(losses[0]).isFinite();
    assertThat(losses[14]).isLessThan(losses[0] * 0.7f);
  }

  @Test
  void bfloat16MatrixProductsTrainWithFiniteFallingLosses() {
    float[] losses =
        trainLosses(TinyBatches.spec().compile(c -> c.precision(Compile.Precision.BF16)).build(), 15);
    for (float loss : losses) {
      assertThat(loss).isFinite();
    }
    assertThat(losses[14]).isLessThan(losses[0] * 0.7f);
    // bfloat16 keeps 8 bits of mantissa: the first loss is close to float32's, not equal.
    float fp32 = trainLosses(TinyBatches.spec().build(), 1)[0];
    assertThat(losses[0]).isCloseTo(fp32, org.assertj.core.data.Offset.offset(0.05f * fp32)).isNotEqualTo(fp32);
  }

  @Test
  void twoSessionsWithTheSameSeedGiveIdenticalLosses() {
    ModelSpec spec = TinyBatches.spec().build();
    assertThat(trainLosses(spec, 5)).containsExactly(trainLosses(spec, 5));
  }

  @Test
  void aDifferentSeedGivesDifferentLosses() {
    assertThat(trainLosses(TinyBatches.spec().seed(1).build(), 2))
        .isNotEqualTo(trainLosses(TinyBatches.spec().seed(2).build(), 2));
  }

  @Test
  void reportsTheParameterCount() {
    try (CompiledModel model = ModelCompiler.compile(TinyBatches.spec().build(), CompileOptions.inference())) {
      int h = 16;
      int ffn = 32;
      long embeddings = 300L * h + 16L * h + 2 * h + (6L * h + h) + (5L * h + h);
      long layer = 4 * (h * h + h) + 2 * (2 * h) + (h * ffn + ffn) + (ffn * h + h);
      long pooler = h * h + h;
      assertThat(model.parameterCount()).isEqualTo(embeddings + 2 * layer + pooler);
    }
  }
}
