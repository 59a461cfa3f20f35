package org.unimo.dsl;

/** How a sequence becomes one vector for CMCL, retrieval and the exported embeddings. */
public enum Pooling {
  /** The [CLS] / [IMG] output through dense + tanh (BERT's pooler), as UNIMO pools (the default). */
  FIRST_TOKEN,
  /**
   * The mean of the non-padding outputs through a dense layer: starts further from collapse when
   * training from scratch, because constant tokens do not dominate it.
   */
  MEAN,
  /** The plain mean of the non-padding outputs, no projection: sentence-transformers' pooling. */
  PLAIN_MEAN
}
