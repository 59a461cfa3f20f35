package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.MicroBatch;
import org.unimo.graph.objective.StepBatch;

class AccumulationTest {
  /**
   * Every objective whose loss averages over items, no dropout; CMCL is compiled but weighs
   * nothing, because its in-batch candidates are the micro-batch's.
   */
  static ModelSpec.Builder spec() {
    return TinyBatches.spec()
        .encoder(e -> e.dropout(0f))
        .cmcl(c -> c.weight(0f))
        .seq2seq(s -> s.weight(1f))
        .pairMlm(m -> m.maxPredictions(TinyBatches.PREDICTIONS))
        .captionGeneration(c -> c.weight(1f))
        .mrfr(m -> m.weight(1f))
        .mrc(m -> m.weight(1f).classes(TinyBatches.CLASSES));
  }

  /** Each step's reports, then every trainable variable's values, after {@code steps} steps. */
  private record Run(List<LiveModel.StepResult> steps, Map<String, float[]> variables) {}

  private static Run train(int accumulationSteps, int steps) {
    ModelSpec spec = spec().training(t -> t.accumulationSteps(accumulationSteps)).build();
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel live = LiveModel.open(model)) {
      List<LiveModel.StepResult> results = new ArrayList<>();
      for (int s = 1; s <= steps; s++) {
        results.add(live.step(TinyBatches.batch(s), null));
      }
      return new Run(results, variables(live));
    }
  }

  /** Every trainable variable's values, by name. */
  static Map<String, float[]> variables(LiveModel live) {
    Map<String, float[]> variables = new LinkedHashMap<>();
    for (String name : live.model().variables()) {
      Output<TFloat32> variable = live.model().variable(name).orElseThrow();
      try (Result result = live.session().runner().fetch(variable).run()) {
        TFloat32 tensor = (TFloat32) result.get(0);
        float[] values = new float[(int) tensor.size()];
        tensor.asRawTensor().data().asFloats().read(values);
        variables.put(name, values);
      }
    }
    return variables;
  }

  @Test
  void accumulatedMicroBatchesTrainAsTheWholeBatch() {
    Run whole = train(1, 3);
    // Two micro-batches of 2: micro-batches of 1 would leave the declared CMCL without negatives.
    for (int k : new int[] {2}) {
      Run accumulated = train(k, 3);
      for (int s = 0; s < 3; s++) {
        LiveModel.StepResult expected = whole.steps().get(s);
        LiveModel.StepResult actual = accumulated.steps().get(s);
        for (String name : List.of("mlm", "seq2seq", "pair_mlm", "caption_generation", "mrfr", "mrc")) {
          float value = expected.values().get(name);
          assertThat(actual.values().get(name)).as("k=%d step %d %s", k, s + 1, name).isCloseTo(value, within(1e-5f * Math.max(1f, value)));
        }
        assertThat(actual.gradientNorm())
            .as("k=%d step %d gradient norm", k, s + 1)
            .isCloseTo(expected.gradientNorm(), within(1e-4f * expected.gradientNorm()));
        assertThat(actual.learningRate()).isEqualTo(expected.learningRate());
      }
      whole.variables().forEach((name, values) -> {
        float[] got = accumulated.variables().get(name);
        for (int i = 0; i < values.length; i++) {
          assertThat(got[i]).as("k=%d %s[%d]", k, name, i).isCloseTo(values[i], within(1e-5f));
        }
      });
    }
  }

  @Test
  void theWholeBatchDividesEveryWeightedMean() {
    ModelSpec spec = spec().training(t -> t.accumulationSteps(2)).build();
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training())) {
      CompiledModel.Shares accumulation = model.trainStep(null).shares();
      assertThat(accumulation).isNotNull();
      assertThat(accumulation.microBatches()).isEqualTo(2);
      // Every built-in objective averages through Losses.weightedMean, so every loss adds up.
      assertThat(accumulation.summed())
          .containsExactly("mlm", "cmcl", "mrfr", "mrc", "seq2seq", "pair_mlm", "caption_generation");
      assertThat(accumulation.denominators()).hasSizeGreaterThanOrEqualTo(7);
    }
    try (CompiledModel model = ModelCompiler.compile(spec().build(), CompileOptions.training())) {
      assertThat(model.trainStep(null).shares()).isNull();
    }
  }

  @Test
  void aMicroBatchDrawsWhatItsRowsDrawInTheWholeBatch() {
    StepBatch whole = TinyBatches.batch(3);
    MicroBatch second = new MicroBatch(whole, 1, 2, TinyBatches.BATCH);
    Draws all = whole.draws("mlm");
    assertThat(second.draws("mlm").example(0).nextLong()).isEqualTo(all.example(2).nextLong());
    assertThat(second.draws("mlm").example(1).nextLong()).isEqualTo(all.example(3).nextLong());
    assertThat(second.draws("mlm").single().nextLong()).isEqualTo(all.single().nextLong());
    TextBatch texts = second.texts("mlm");
    assertThat(texts.size()).isEqualTo(2);
    assertThat(texts.tokenIds())
        .containsExactly(java.util.Arrays.copyOfRange(whole.texts("mlm").tokenIds(), 2 * TinyBatches.LENGTH, 4 * TinyBatches.LENGTH));
    assertThat(second.pairs().ids()).containsExactly(2, 3);
    assertThat(second.images().images()).containsExactlyElementsOf(whole.images().images().subList(2, 4));
  }
}
