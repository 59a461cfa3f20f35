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
  private static final CmclSampleCounts COUNTS = new CmclSampleCounts(1, 1, 2);

  private static ModelSpec.Builder withSamples() {
    return TinyBatches.spec().cmcl(c -> c.samples(s -> s.paraphrases(1).relatedImages(1).objectNegatives(1).relationNegatives(1)));
  }

  /** Random sample sets for the tiny batch; every slot valid when {@code valid}, none otherwise. */
  private static CmclSampleBatch samples(boolean valid, long seed) {
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
    return new CmclSampleBatch(
        pairs,
        COUNTS,
        TextBatch.of(positive, TinyBatches.LENGTH),
        flags(positive.length, valid),
        ImageBatch.of(images, TinyBatches.REGIONS, TinyBatches.FEATURES, 5),
        flags(images.size(), valid),
        TextBatch.of(negative, TinyBatches.LENGTH),
        flags(negative.length, valid));
  }

  private static float[] flags(int n, boolean valid) {
    float[] flags = new float[n];
    Arrays.fill(flags, valid ? 1f : 0f);
    return flags;
  }

  /** CMCL losses of {@code steps} training steps (or one evaluation when steps is 0). */
  private static List<Float> cmcl(ModelSpec spec, CmclSampleBatch samples, int steps) {
    List<Float> losses = new ArrayList<>();
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
        Session session = model.newSession()) {
      for (int s = 0; s < Math.max(1, steps); s++) {
        List<Tensor> owned = new ArrayList<>();
        try (Feeds feeds = new Feeds()) {
          Session.Runner runner = TinyBatches.feedAll(session.runner(), 1, owned).fetch(Names.LOSS_CMCL);
          if (samples != null) {
            samples.feed(runner, feeds);
          }
          if (steps > 0) {
            runner.addTarget(Names.TRAIN_OP);
          }
          try (Result result = runner.run()) {
            losses.add(Outputs.scalar(result.get(0)));
          }
        } finally {
          owned.forEach(Tensor::close);
        }
      }
    }
    return losses;
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
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
        Session session = model.newSession()) {
      assertThat(model.variables()).contains("cmcl/log_temperature_offset");
      float before = temperature(session);
      CmclSampleBatch batch = samples(true, 3);
      for (int s = 0; s < 5; s++) {
        List<Tensor> owned = new ArrayList<>();
        try (Feeds feeds = new Feeds()) {
          Session.Runner runner = TinyBatches.feedAll(session.runner(), 1, owned).addTarget(Names.TRAIN_OP);
          batch.feed(runner, feeds).run().close();
        } finally {
          owned.forEach(Tensor::close);
        }
      }
      assertThat(before).isEqualTo(0.5f);
      assertThat(temperature(session)).isNotEqualTo(0.5f).isBetween(0.01f, 1f);
    }
  }

  private static float temperature(Session session) {
    try (Result result = session.runner().fetch(Names.CMCL_TEMPERATURE).run()) {
      return Outputs.scalar(result.get(0));
    }
  }
}
