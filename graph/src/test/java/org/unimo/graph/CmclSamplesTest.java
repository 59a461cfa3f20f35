package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.unimo.dsl.ModelSpec;

/** CMCL with sample sets, compiled: masking, training, the learned temperature. */
class CmclSamplesTest {
  private static final SampleSetCounts COUNTS = new SampleSetCounts(1, 1, 2);

  private static ModelSpec.Builder withSamples() {
    return TinyBatches.spec().cmcl(c -> c.samples(s -> s.paraphrases(1).relatedImages(1).objectNegatives(1).relationNegatives(1)));
  }

  /** Random sample sets for the tiny batch; every slot valid when {@code valid}, none otherwise. */
  private static SampleSetBatch samples(boolean valid, long seed) {
    Random random = new Random(seed);
    int pairs = TinyBatches.BATCH;
    int[][] positive = new int[pairs * COUNTS.positiveTexts()][];
    int[][] negative = new int[pairs * COUNTS.negativeTexts()][];
    for (int[][] texts : List.of(positive, negative)) {
      for (int i = 0; i < texts.length; i++) {
        texts[i] = random.ints(4, 6, TinyBatches.VOCAB).toArray();
      }
    }
    List<ImageRegions> images = new ArrayList<>();
    for (int i = 0; i < pairs * COUNTS.relatedImages(); i++) {
      float[][] features = new float[TinyBatches.REGIONS][TinyBatches.FEATURES];
      float[][] boxes = new float[TinyBatches.REGIONS][5];
      for (float[] row : features) {
        for (int f = 0; f < row.length; f++) {
          row[f] = random.nextFloat();
        }
      }
      images.add(new ImageRegions(features, boxes));
    }
    return new SampleSetBatch(
        pairs,
        COUNTS,
        TextBatch.of(positive, TinyBatches.LENGTH, TinyBatches.TOKENIZER.specials()),
        flags(positive.length, valid),
        ImageBatch.of(images, TinyBatches.REGIONS, TinyBatches.FEATURES, 5),
        flags(images.size(), valid),
        TextBatch.of(negative, TinyBatches.LENGTH, TinyBatches.TOKENIZER.specials()),
        flags(negative.length, valid));
  }

  private static float[] flags(int n, boolean valid) {
    float[] flags = new float[n];
    Arrays.fill(flags, valid ? 1f : 0f);
    return flags;
  }

  /** CMCL losses of {@code steps} training steps (or of one evaluation when steps is 0). */
  private static List<Float> cmcl(ModelSpec spec, SampleSetBatch samples, int steps) {
    List<Float> losses = new ArrayList<>();
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      if (steps == 0) {
        losses.add(evaluate(compiled, model, samples));
      }
      for (int s = 0; s < steps; s++) {
        losses.add(model.step(TinyBatches.batch(1, samples), null).values().get("cmcl"));
      }
    }
    return losses;
  }

  /** CMCL's loss on the tiny batch without a training step. */
  private static float evaluate(CompiledModel compiled, LiveModel model, SampleSetBatch samples) {
    CompiledModel.CompiledObjective cmcl =
        compiled.objectives().stream().filter(o -> o.name().equals("cmcl")).findFirst().orElseThrow();
    try (StepFeeds feeds = new StepFeeds(model.session().runner())) {
      cmcl.compiled().feed(TinyBatches.batch(1, samples), feeds);
      try (Result result = feeds.runner().fetch(cmcl.loss()).run()) {
        return Outputs.scalar(result.get(0));
      }
    }
  }

  @Test
  void samplesMaskedOutLeaveInBatchCmcl() {
    float inBatch = cmcl(TinyBatches.spec().build(), null, 0).get(0);
    float masked = cmcl(withSamples().build(), samples(false, 3), 0).get(0);
    float used = cmcl(withSamples().build(), samples(true, 3), 0).get(0);
    assertThat(masked).isEqualTo(inBatch);
    assertThat(used).isNotEqualTo(inBatch);
  }

  @Test
  void trainsWithSampleSets() {
    List<Float> losses = cmcl(withSamples().build(), samples(true, 3), 12);
    assertThat(losses).allSatisfy(l -> assertThat(l).isFinite());
    assertThat(losses.get(11)).isLessThan(losses.get(0));
  }

  @Test
  void theLearnedTemperatureIsAVariableThatMoves() {
    ModelSpec spec = withSamples().cmcl(c -> c.learnTemperature(true).temperature(0.5f)).build();
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      assertThat(compiled.variables()).contains("cmcl/log_temperature_offset");
      float before = temperature(model);
      SampleSetBatch batch = samples(true, 3);
      for (int s = 0; s < 5; s++) {
        model.step(TinyBatches.batch(1, batch), null);
      }
      assertThat(before).isEqualTo(0.5f);
      assertThat(temperature(model)).isNotEqualTo(0.5f).isBetween(0.01f, 1f);
    }
  }

  private static float temperature(LiveModel model) {
    try (Result result = model.session().runner().fetch("cmcl/temperature").run()) {
      return Outputs.scalar(result.get(0));
    }
  }
}
