package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.OptimizerSpec;
import org.unimo.graph.optimizer.Adam;

class AdamWTest {
  private static final float RATE = 1e-2f;
  private static final float DECAY = 0.1f;
  private static final float LAYER_DECAY = 0.5f;

  /** Initial values, values after one step, the step's learning rate. */
  private record OneStep(Map<String, float[]> before, Map<String, float[]> after, float rate) {}

  private static OneStep step(float weightDecay) {
    ModelSpec spec =
        TinyBatches.spec()
            .encoder(e -> e.dropout(0f))
            .optimizer(o -> o.learningRate(RATE).warmupSteps(0).linearDecay(false).weightDecay(weightDecay).layerDecay(LAYER_DECAY))
            .build();
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel live = LiveModel.open(model)) {
      Map<String, float[]> before = AccumulationTest.variables(live);
      float rate = live.step(TinyBatches.batch(1), null).learningRate();
      return new OneStep(before, AccumulationTest.variables(live), rate);
    }
  }

  @Test
  void decayedVariablesShrinkByTheirLayersRateTimesTheDecayBeforeAdamsUpdate() {
    OneStep plain = step(0f);
    OneStep decayed = step(DECAY);
    assertThat(plain.rate()).isEqualTo(RATE);
    OptimizerSpec optimizer = new OptimizerSpec(RATE, 0.9f, 0.999f, 1e-6f, 0, true, 1f, DECAY, LAYER_DECAY, 0f);
    int layers = 2;
    int checked = 0;
    for (Map.Entry<String, float[]> entry : plain.before().entrySet()) {
      String name = entry.getKey();
      float[] start = entry.getValue();
      float[] withoutDecay = plain.after().get(name);
      float[] withDecay = decayed.after().get(name);
      boolean matrix = live(name);
      // The same gradients (same start, same batch): the runs differ by the decay alone,
      // rate(layer) * decay * start for matrices and tables, nothing for biases and LayerNorm.
      double scale = optimizer.rateScale(Adam.depth(name, layers), layers);
      for (int i = 0; i < start.length; i++) {
        double expected = matrix ? RATE * scale * DECAY * start[i] : 0;
        assertThat((double) withoutDecay[i] - withDecay[i]).as("%s[%d]", name, i).isCloseTo(expected, within(2e-8 + 1e-3 * Math.abs(expected)));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(optimizer.rateScale(Adam.depth("embeddings/word", layers), layers)).isEqualTo(0.125);
    assertThat(optimizer.rateScale(Adam.depth("encoder/layer_0/ffn/output/kernel", layers), layers)).isEqualTo(0.25);
    assertThat(optimizer.rateScale(Adam.depth("encoder/layer_1/ffn/output/kernel", layers), layers)).isEqualTo(0.5);
    assertThat(optimizer.rateScale(Adam.depth("pooler/dense/kernel", layers), layers)).isEqualTo(1.0);
  }

  /** Matrices and tables: the names of rank-1 variables end in bias, gamma or beta. */
  private static boolean live(String name) {
    return !(name.endsWith("bias") || name.endsWith("/gamma") || name.endsWith("/beta") || name.endsWith("_token"));
  }

  @Test
  void aWarmupProportionIsAFractionOfTheSteps() {
    OptimizerSpec optimizer = new OptimizerSpec(RATE, 0.9f, 0.999f, 1e-6f, 1000, true, 1f, 0f, 1f, 0.1f);
    assertThat(optimizer.warmup(300)).isEqualTo(30);
    assertThat(new OptimizerSpec(RATE, 0.9f, 0.999f, 1e-6f, 1000, true, 1f).warmup(300)).isEqualTo(1000);
  }
}
