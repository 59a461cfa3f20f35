package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Precision;

class ModelCompilerTest {
  static float[] trainLosses(ModelSpec spec, int steps) {
    float[] losses = new float[steps];
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      for (int s = 0; s < steps; s++) {
        losses[s] = model.step(TinyBatches.batch(1), null).values().get("total");
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
    float[] losses = trainLosses(TinyBatches.spec().compile(c -> c.precision(Precision.BF16)).build(), 15);
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
  void eachObjectiveHasItsScopeAndTheCompilerNoneOfItsOwn() {
    try (CompiledModel model = ModelCompiler.compile(TinyBatches.spec().build(), CompileOptions.training())) {
      assertThat(model.objectives()).extracting(CompiledModel.CompiledObjective::name).containsExactly("mlm", "cmcl");
      for (CompiledModel.CompiledObjective objective : model.objectives()) {
        assertThat(objective.weightedLoss().op().name()).isEqualTo(objective.name() + "/weighted_loss");
        assertThat(objective.loss().op().name()).startsWith(objective.name() + "/");
      }
    }
  }

  @Test
  void theImageTokenHasItsOwnEmbeddingRow() {
    try (CompiledModel model = ModelCompiler.compile(TinyBatches.spec().build(), CompileOptions.inference())) {
      assertThat(model.variables()).contains("embeddings/image_token", "embeddings/word");
    }
  }

  @Test
  void aCustomObjectiveNoTypeHandlesIsNamed() {
    ModelSpec spec = TinyBatches.spec().custom("nobody_registered", o -> o.weight(1f)).build();
    assertThatThrownBy(() -> ModelCompiler.compile(spec, CompileOptions.training()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nobody_registered")
        .hasMessageContaining("is registered");
  }

  @Test
  void reportsTheParameterCount() {
    try (CompiledModel model = ModelCompiler.compile(TinyBatches.spec().build(), CompileOptions.inference())) {
      int h = 16;
      int ffn = 32;
      // words, positions, LayerNorm, region features, region boxes, the image token
      long embeddings = 300L * h + 16L * h + 2 * h + (6L * h + h) + (5L * h + h) + h;
      long layer = 4 * (h * h + h) + 2 * (2 * h) + (h * ffn + ffn) + (ffn * h + h);
      long pooler = h * h + h;
      assertThat(model.parameterCount()).isEqualTo(embeddings + 2 * layer + pooler);
    }
  }
}
