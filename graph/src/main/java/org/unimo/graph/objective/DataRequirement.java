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
   * Labelled examples from the data's label set {@code name}.
   *
   * @param path the spec field that names the label set
   * @param classes the classes a head declares (0: a head that regresses scores; {@link #ANY}: a
   *     head that reads no class, e.g. retrieval)
   * @param images whether the head needs an image with each example
   * @param softTargets whether the head trains on soft targets over the classes (VQA), not on one
   *     class per example
   * @param sourceTarget whether the head reads each example as a source text and its target text
   *     (a text-to-text generation head)
   */
  record LabelSet(String path, String name, int classes, boolean images, boolean softTargets, boolean sourceTarget)
      implements DataRequirement {
    /** {@code classes} when the head reads no class from the label set. */
    public static final int ANY = -1;

    /** Examples that are not source-target pairs. */
    public LabelSet(String path, String name, int classes, boolean images, boolean softTargets) {
      this(path, name, classes, images, softTargets, false);
    }

    /** Texts with one of {@code classes} classes (0: a score) each. */
    public LabelSet(String path, String name, int classes) {
      this(path, name, classes, false, false);
    }
  }
}
