package org.unimo.graph.objective;

import org.unimo.dsl.CmclSamplesSpec;

/** Something an objective needs from the data source beyond the plain examples of its kind. */
public sealed interface DataRequirement {
  /**
   * Per pair, sample sets of the given sizes: positive texts, related images and hard negative
   * texts (caption rewriting and retrieval build them).
   */
  record SampleSets(CmclSamplesSpec counts) implements DataRequirement {}
}
