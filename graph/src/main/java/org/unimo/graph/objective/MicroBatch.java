package org.unimo.graph.objective;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.PairBatch;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Micro-batch {@code index} of {@code count} of a step's batch of {@code batchSize} examples of each
 * kind, for gradient accumulation: of every kind of data and every text stream, {@code batchSize /
 * count} rows from row {@code index * batchSize / count} on.
 * Its draws are the whole batch's for those rows ({@link Draws#slice}), so its examples are masked
 * and sampled as they would be in the whole batch; what objectives share within a step ({@link
 * #shared}) is shared within the micro-batch.
 */
public final class MicroBatch implements StepBatch {
  private final StepBatch whole;
  private final int index;
  private final int count;
  private final int first;
  private final int rows;
  private final int batchSize;
  private final Map<String, Object> shared = new HashMap<>();

  /** @throws IllegalArgumentException if {@code count} does not divide {@code batchSize} */
  public MicroBatch(StepBatch whole, int index, int count, int batchSize) {
    if (count < 1 || index < 0 || index >= count || batchSize % count != 0) {
      throw new IllegalArgumentException("micro-batch " + index + " of " + count + " of a batch of " + batchSize);
    }
    this.whole = whole;
    this.index = index;
    this.count = count;
    this.batchSize = batchSize;
    this.rows = batchSize / count;
    this.first = index * rows;
  }

  @Override
  public long step() {
    return whole.step();
  }

  /** The whole batch's draws for this micro-batch's rows. */
  @Override
  public Draws draws(String purpose) {
    return whole.draws(purpose).slice(first);
  }

  @Override
  public PairBatch pairs() {
    PairBatch pairs = whole.pairs();
    check(pairs.text().size(), "image-text pairs");
    return pairs.rows(first, rows);
  }

  @Override
  public ImageExamples images() {
    ImageExamples images = whole.images();
    check(images.batch().size(), "images");
    return images.rows(first, rows);
  }

  @Override
  public TextBatch texts(String stream) {
    TextBatch texts = whole.texts(stream);
    check(texts.size(), "text stream '" + stream + "'");
    return texts.rows(first, rows);
  }

  @Override
  public LabeledExamples labeled(String labels) {
    LabeledExamples texts = whole.labeled(labels);
    check(texts.texts().size(), "labelled texts '" + labels + "'");
    return texts.rows(first, rows);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T shared(String key, Supplier<T> compute) {
    return (T) shared.computeIfAbsent(key, k -> compute.get());
  }

  @Override
  public Tokenizer tokenizer() {
    return whole.tokenizer();
  }

  /** Every kind's batch has the step's size: draws are sliced by row, the same rows for every kind. */
  private void check(int size, String what) {
    if (size != batchSize) {
      throw new IllegalStateException(
          "the step's " + what + " come in a batch of " + size + ", not the " + batchSize + " micro-batch " + index
              + " of " + count + " splits");
    }
  }
}
