package org.unimo.graph.objective;

import java.util.function.Consumer;

/**
 * What a training step of an objective holds in memory, as the objective declares it ({@link
 * Objective#memory}) to {@link org.unimo.graph.MemoryEstimate}: its encoder passes, its heads'
 * tensors and its own variables. The estimate turns passes into bytes (the per-layer counts are
 * its own, calibrated once for every objective); an objective only says which passes it makes, of
 * how many sequences, and what else it holds. Shapes are those of the largest step the spec
 * allows: texts that fill {@code text.max_length}, images with {@code image.max_regions} regions.
 */
public interface Footprint {
  /** {@code training.batch_size}: the examples of the objective's kind of data in a step. */
  int batch();

  /** {@code text.max_length}: T. */
  int textLength();

  /**
   * A pass of {@code sequences} texts of T subwords through the embeddings and every layer; with
   * {@code uniLmMask} under a [b, 1, T, T] UniLM mask, else a padding mask.
   */
  void textPass(String what, int sequences, boolean uniLmMask);

  /** A pass of {@code images} images ([IMG] and the regions) through the encoder; their features are fed. */
  void imagePass(String what, int images);

  /** A pass of {@code pairs} joint sequences {@code [IMG] v1 ... vR [CLS] w1 ... wn [SEP]} under a UniLM mask. */
  void jointPass(String what, int pairs);

  /**
   * The shared LM head: its transform over {@code transformed} rows and its [rows, V] scores,
   * log-softmax and gradient over {@code scored} rows (the predicted positions).
   */
  void lmHead(int transformed, int scored);

  /** {@code count} floats the step holds, e.g. a head's outputs, targets and their gradient. */
  void floats(String what, long count);

  /** The objective's own trainable variables (not the encoder's): {@code count} floats. */
  void parameters(String what, long count);

  /**
   * Declares what {@code declare} declares once per step, however many objectives share it (one
   * masked-image pass for MRFR and MRC): the first objective that names {@code key} declares it.
   */
  void shared(String key, Consumer<Footprint> declare);
}
