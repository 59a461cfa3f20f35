package org.unimo.tasks.data;

import java.util.List;
import org.unimo.rewriting.scene.SceneGraph;

/**
 * One rendered scene: its graph, its captions and its regions (one per object, in graph order).
 *
 * @param features [regions][{@link RegionFeatures#SIZE}], computed from the rendered pixels
 * @param boxes [regions][5]: x1, y1, x2, y2 and area, normalized by the image size
 * @param classProbs [regions][classes]: the prototype detector's distribution over shape x color
 */
public record Scene(
    String id,
    SceneGraph graph,
    List<String> captions,
    float[][] features,
    float[][] boxes,
    float[][] classProbs) {
  public Scene {
    captions = List.copyOf(captions);
  }

  public int numRegions() {
    return features.length;
  }
}
