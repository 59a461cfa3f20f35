package org.unimo.graph.objective;

import java.util.function.Supplier;
import org.unimo.graph.ImageExamples;
import org.unimo.graph.PairBatch;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * One step's data as the objectives see it, by kind: the pairs and the images without text are
 * shared by every objective of their kind; texts come from named streams (each its own order).
 * Everything is decided by the seed, the step and how many batches each stream handed out before,
 * so a resumed run sees what an uninterrupted one would.
 */
public interface StepBatch {
  /** The step (1-based). */
  long step();

  /** Draws keyed on (seed, {@code purpose}, step); an objective uses its own purposes. */
  Draws draws(String purpose);

  /** The step's image-text pairs, the same for every pair objective. */
  PairBatch pairs();

  /** The step's images without text and their detector classes, the same for every image objective. */
  ImageExamples images();

  /** The next batch of the text corpus from stream {@code stream} (an objective names its own). */
  TextBatch texts(String stream);

  /** The next batch of texts with labels from the data's label set {@code labels}. */
  LabeledExamples labeled(String labels);

  /** A value computed once per step and shared, e.g. a masking two objectives read. */
  <T> T shared(String key, Supplier<T> compute);

  /** The run's tokenizer: special ids, word starts, vocabulary size. */
  Tokenizer tokenizer();
}
