package org.unimo.tasks.data;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.scene.SceneGraph;

/**
 * One rendered scene: its graph, its captions and one region per object, in graph order (region
 * {@code i} is object {@code i}).
 *
 * <p>The arrays are shared, not copied: treat them as read-only. {@link #equals} compares them by
 * content (floats bit for bit).
 *
 * @param id unique within a world: "train-000042", "heldout-000007", "image-000123"
 * @param graph the objects (noun = shape, attributes = [size, color]) and every pairwise relation
 * @param captions phrasings of the graph by {@link org.unimo.rewriting.scene.CaptionRealizer};
 *     empty for image-only scenes
 * @param features [regions][{@link RegionFeatures#SIZE}], computed from the rendered pixels
 * @param boxes [regions][5]: x1, y1, x2, y2 and area (w x h), normalized by the image size
 * @param classProbs [regions][classes]: the {@link PrototypeDetector}'s distribution over {@link
 *     Shapes#classNames()}
 */
public record Scene(
    String id,
    SceneGraph graph,
    List<String> captions,
    float[][] features,
    float[][] boxes,
    float[][] classProbs) {
  public Scene {
    requireNonNull(id, "id");
    requireNonNull(graph, "graph");
    captions = List.copyOf(captions);
    int regions = graph.objects().size();
    if (features.length != regions || boxes.length != regions || classProbs.length != regions) {
      throw new IllegalArgumentException(
          id + ": " + regions + " objects but " + features.length + " feature rows, " + boxes.length
              + " boxes and " + classProbs.length + " class distributions");
    }
    for (int i = 0; i < regions; i++) {
      if (boxes[i].length != 5) {
        throw new IllegalArgumentException(id + ": box " + i + " has " + boxes[i].length + " values, expected 5");
      }
      if (features[i].length != features[0].length || classProbs[i].length != classProbs[0].length) {
        throw new IllegalArgumentException(id + ": region " + i + " differs in size from region 0");
      }
    }
  }

  /** The number of regions: one per object. */
  public int numRegions() {
    return features.length;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Scene s
        && id.equals(s.id)
        && graph.equals(s.graph)
        && captions.equals(s.captions)
        && Arrays.deepEquals(features, s.features)
        && Arrays.deepEquals(boxes, s.boxes)
        && Arrays.deepEquals(classProbs, s.classProbs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, graph, captions, Arrays.deepHashCode(features), Arrays.deepHashCode(boxes));
  }

  @Override
  public String toString() {
    return "Scene[" + id + ", " + numRegions() + " regions, captions=" + captions + "]";
  }
}
