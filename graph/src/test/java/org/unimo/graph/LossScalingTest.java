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
import org.unimo.dsl.Precision;

/** FP16 compute with dynamic loss scaling: finite training, skipped steps, scale growth. */
class LossScalingTest {
  private static final String PROBE = "encoder/layer_0/ffn/intermediate/kernel";

  /** What one step reported, and the probe variable's first value after it. */
  private record StepReport(float loss, float scale, float skipped, float probe) {}

  private static List<StepReport> train(ModelSpec spec, int steps) {
    List<StepReport> reports = new ArrayList<>();
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      reports.add(new StepReport(Float.NaN, Float.NaN, 0, probe(model)));
      for (int s = 0; s < steps; s++) {
        LiveModel.StepResult result = model.step(TinyBatches.batch(1), null);
        reports.add(
            new StepReport(result.values().get("total"), result.lossScale(), result.skipped() ? 1f : 0f, probe(model)));
      }
    }
    return reports;
  }

  private static float probe(LiveModel model) {
    try (Result result = model.session().runner().fetch(PROBE).run()) {
      return ((TFloat32) result.get(0)).getFloat(0, 0);
    }
  }

  private static ModelSpec.Builder fp16() {
    return TinyBatches.spec().compile(c -> c.precision(Precision.FP16));
  }

  @Test
  void float16ProductsTrainWithFiniteFallingLosses() {
    List<StepReport> steps = train(fp16().build(), 15);
    // 2^15 overflows these gradients in float16 at first: a few steps are skipped, halving the
    // scale, then every step is taken.
    int skipped = 0;
    for (StepReport step : steps.subList(1, steps.size())) {
      assertThat(step.loss()).isFinite();
      skipped += (int) step.skipped();
    }
    assertThat(skipped).isBetween(0, 5);
    assertThat(steps.get(15).scale()).isEqualTo(Math.scalb(32768f, -skipped));
    assertThat(steps.get(15).loss()).isLessThan(steps.get(1).loss() * 0.7f);
  }

  @Test
  void anOverflowingStepIsSkippedAndHalvesTheScale() {
    // 2^40 times the loss overflows float16's backward pass: the first steps
    // must change nothing and halve the scale until the gradients fit.
    // Skipped steps still advance the global step, so the schedule must outlast them.
    List<StepReport> steps =
        train(
            fp16().compile(c -> c.initialLossScale(0x1p40f)).training(t -> t.steps(1000)).build(), 45);
    assertThat(steps.get(1).skipped()).isEqualTo(1f);
    assertThat(steps.get(1).scale()).isEqualTo(0x1p40f);
    assertThat(steps.get(1).probe()).isEqualTo(steps.get(0).probe());
    assertThat(steps.get(2).scale()).isEqualTo(0x1p39f);

    int firstTaken = -1;
    for (int s = 1; s < steps.size(); s++) {
      if (steps.get(s).skipped() == 0f) {
        firstTaken = s;
        break;
      }
    }
    assertThat(firstTaken).as("a step with finite gradients").isPositive();
    for (int s = 1; s < firstTaken; s++) {
      assertThat(steps.get(s).probe()).as("variable after skipped step %d", s).isEqualTo(steps.get(0).probe());
      assertThat(steps.get(s).scale()).isEqualTo(Math.scalb(1f, 41 - s));
    }
    assertThat(steps.get(firstTaken).probe()).isNotEqualTo(steps.get(0).probe());
    assertThat(steps.get(steps.size() - 1).loss()).isFinite().isLessThan(steps.get(firstTaken).loss());
  }

  @Test
  void finiteStepsInARowDoubleTheScale() {
    List<StepReport> steps =
        train(fp16().compile(c -> c.initialLossScale(1f).lossScaleGrowthInterval(2)).build(), 5);
    assertThat(steps.subList(1, 6)).extracting(StepReport::scale).containsExactly(1f, 1f, 2f, 2f, 4f);
  }
}
