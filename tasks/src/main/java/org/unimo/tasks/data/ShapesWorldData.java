package org.unimo.tasks.data;

import java.util.List;

/**
 * A generated shapes world.
 *
 * @param train image-text pairs for training
 * @param heldout scenes never trained on, disjoint from {@code train}
 * @param imageOnly images whose captions are not part of the data (use their regions only)
 * @param textCorpus sentences without images: captions of other scenes and WordNet glosses
 * @param classNames the detector's classes, e.g. "red circle"
 */
public record ShapesWorldData(
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

  public int featureSize() {
    return RegionFeatures.SIZE;
  }

  public int numClasses() {
    return classNames.size();
  }
}
