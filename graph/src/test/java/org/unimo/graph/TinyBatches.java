package org.unimo.graph;

import java.util.Random;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;

/** Tiny specs and random feeds for graph tests. */
final class TinyBatches {
  static final int BATCH = 4;
  static final int LENGTH = 8;
  static final int REGIONS = 3;
  static final int FEATURES = 6;
  static final int PREDICTIONS = 2;
  static final int VOCAB = 300;

  private TinyBatches() {}

  static ModelSpec.Builder spec() {
    return Presets.tinyRetrieval()
        .text(t -> t.byteBpe(VOCAB).maxLength(LENGTH))
        .image(i -> i.featureSize(FEATURES).maxRegions(REGIONS))
        .encoder(e -> e.layers(2).hidden(16).heads(2).ffn(32).maxPositions(16))
        .maskedLm(m -> m.maxPredictions(PREDICTIONS))
        .optimizer(o -> o.learningRate(1e-2f).warmupSteps(2))
        .training(t -> t.batchSize(BATCH).steps(20))
        .compile(c -> c.xla(org.unimo.dsl.proto.Compile.XlaMode.OFF));
  }

  static Session.Runner feedAll(Session.Runner runner, long seed, java.util.List<Tensor> owned) {
    Random random = new Random(seed);
    int[] ids = new int[BATCH * LENGTH];
    float[] mask = new float[BATCH * LENGTH];
    for (int b = 0; b < BATCH; b++) {
      int length = 3 + random.nextInt(LENGTH - 3);
      for (int t = 0; t < length; t++) {
        ids[b * LENGTH + t] = t == 0 ? 1 : 6 + random.nextInt(VOCAB - 6);
        mask[b * LENGTH + t] = 1;
      }
    }
    float[] features = new float[BATCH * REGIONS * FEATURES];
    for (int i = 0; i < features.length; i++) {
      features[i] = random.nextFloat();
    }
    float[] boxes = new float[BATCH * REGIONS * 5];
    for (int i = 0; i < boxes.length; i++) {
      boxes[i] = random.nextFloat();
    }
    float[] regionMask = new float[BATCH * REGIONS];
    java.util.Arrays.fill(regionMask, 1f);
    int[] positions = new int[BATCH * PREDICTIONS];
    int[] labels = new int[BATCH * PREDICTIONS];
    float[] weights = new float[BATCH * PREDICTIONS];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = 1 + (i % 2);
      labels[i] = ids[(i / PREDICTIONS) * LENGTH + positions[i]];
      weights[i] = 1;
    }
    return runner
        .feed(Names.TEXT_TOKEN_IDS, own(owned, Tensors.ints(ids, BATCH, LENGTH)))
        .feed(Names.TEXT_MASK, own(owned, Tensors.floats(mask, BATCH, LENGTH)))
        .feed(Names.IMAGE_FEATURES, own(owned, Tensors.floats(features, BATCH, REGIONS, FEATURES)))
        .feed(Names.IMAGE_BOXES, own(owned, Tensors.floats(boxes, BATCH, REGIONS, 5)))
        .feed(Names.IMAGE_MASK, own(owned, Tensors.floats(regionMask, BATCH, REGIONS)))
        .feed(Names.MLM_TOKEN_IDS, own(owned, Tensors.ints(ids, BATCH, LENGTH)))
        .feed(Names.MLM_MASK, own(owned, Tensors.floats(mask, BATCH, LENGTH)))
        .feed(Names.MLM_POSITIONS, own(owned, Tensors.ints(positions, BATCH, PREDICTIONS)))
        .feed(Names.MLM_LABELS, own(owned, Tensors.ints(labels, BATCH, PREDICTIONS)))
        .feed(Names.MLM_WEIGHTS, own(owned, Tensors.floats(weights, BATCH, PREDICTIONS)));
  }

  private static Tensor own(java.util.List<Tensor> owned, Tensor t) {
    owned.add(t);
    return t;
  }
}
