package org.unimo.graph.objective;

import org.unimo.dsl.CmclSamplesSpec;

/** Something an objective needs from the data source beyond the plain examples of its kind. */
public sealed interface DataRequirement {
  /**
   * Per pair, sample sets of the given sizes: positive texts, related images and hard negative
   * texts (caption rewriting and retrieval build them).
   *
   * @param path the spec field that declares the sizes, for the error when the data cannot
   */
  record SampleSets(String path, CmclSamplesSpec counts) implements DataRequirement {}

  /**
   * The detector's class distributions of the images without text, over {@code classes} classes.
   *
   * @param path the spec field that declares the count, for the error when the data differs
   */
  record DetectorClasses(String path, int classes) implements DataRequirement {}

  /**
   * Texts labeled with one of {@code classes} classes, from the data's label set {@code name}.
   *
   * @param path the spec field that names the label set
   */
  record LabelSet(String path, String name, int classes) implements DataRequirement {}
}
