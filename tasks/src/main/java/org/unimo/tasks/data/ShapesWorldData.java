package org.unimo.tasks.data;

import java.util.List;

/**
 * A generated shapes world. Immutable lists (the scenes' arrays are shared: read-only).
 *
 * @param config what generated it
 * @param train image-text pairs for training
 * @param heldout scenes for evaluation; their graphs are unique and never occur in {@code train}
 * @param imageOnly scenes without captions (their graphs are ground truth for evaluation, not text
 *     to train on); never the graph of a train or held-out scene
 * @param textCorpus sentences without images: the captions of separate scenes (never the graph of
 *     a train or held-out scene), then WordNet 3.1 glosses
 * @param classNames the detector's classes, in class-index order: "red circle", ...
 */
public record ShapesWorldData(
    ShapesWorldConfig config,
    List<Scene> train,
    List<Scene> heldout,
    List<Scene> imageOnly,
    List<String> textCorpus,
    List<String> classNames) {
  public ShapesWorldData {
    train = List.copyOf(train);
    heldout = List.copyOf(heldout);
    imageOnly = List.copyOf(imageOnly);
    textCorpus = List.copyOf(textCorpus);
    classNames = List.copyOf(classNames);
  }

  /** Floats per region feature vector: {@link RegionFeatures#SIZE}. */
  public int featureSize() {
    return RegionFeatures.SIZE;
  }

  /** Classes of the detector's distributions ({@link Scene#classProbs()} row length). */
  public int numClasses() {
    return classNames.size();
  }
}
