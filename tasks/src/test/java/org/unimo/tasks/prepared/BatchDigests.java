package org.unimo.tasks.prepared;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.PairBatch;
import org.unimo.graph.SampleSetBatch;
import org.unimo.graph.TextBatch;
import org.unimo.graph.objective.StepBatch;

/** SHA-256 of everything a step feeds: two sources that draw the same batches give equal digests. */
final class BatchDigests {
  private BatchDigests() {}

  /** The step's pairs (with their sample sets), one text batch and images without text. */
  static String of(StepBatch step, String textStream) {
    Hasher h = Hashing.sha256().newHasher();
    PairBatch pairs = step.pairs();
    text(h, pairs.text());
    image(h, pairs.image());
    SampleSetBatch sets = pairs.sampleSets(step.draws("cmcl/samples"));
    text(h, sets.positiveTexts());
    floats(h, sets.positiveValid());
    text(h, sets.negativeTexts());
    floats(h, sets.negativeValid());
    image(h, sets.relatedImages());
    floats(h, sets.imageValid());
    text(h, step.texts(textStream));
    image(h, step.images().batch());
    return h.hash().toString();
  }

  private static void text(Hasher h, @Nullable TextBatch text) {
    if (text == null) {
      h.putInt(-1);
      return;
    }
    for (int id : text.tokenIds()) {
      h.putInt(id);
    }
    floats(h, text.mask());
  }

  private static void image(Hasher h, @Nullable ImageBatch image) {
    if (image == null) {
      h.putInt(-1);
      return;
    }
    floats(h, image.features());
    floats(h, image.boxes());
    floats(h, image.mask());
  }

  private static void floats(Hasher h, float[] values) {
    h.putInt(values.length);
    for (float v : values) {
      h.putInt(Float.floatToRawIntBits(v));
    }
  }
}
