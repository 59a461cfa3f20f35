package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;

class CaptionsTest {
  @Test
  void twoObjectsGetSixDistinctPhrasings() {
    SceneGraph graph =
        new SceneGraph(
            List.of(SceneObject.of("circle", "small", "red"), SceneObject.of("square", "large", "orange")),
            List.of(new Relation(0, "to the left of", 1), new Relation(1, "to the right of", 0)));
    List<String> captions = Captions.write(graph, Captions.PHRASINGS, new SplittableRandom(1));
    assertThat(captions).hasSize(6).doesNotHaveDuplicates();
    assertThat(captions).allSatisfy(c -> assertThat(c).contains("small red circle").contains("large orange square"));
    assertThat(captions.get(2)).isIn(
        "there is a small red circle and a large orange square", "there is a large orange square and a small red circle");
    assertThat(captions.get(5)).startsWith("there is a");
  }

  @Test
  void crowdedScenesStayShort() {
    List<SceneObject> objects = new ArrayList<>();
    for (int i = 0; i < ShapesWorld.MAX_OBJECTS; i++) {
      objects.add(SceneObject.of("triangle", "large", "purple"));
    }
    List<Relation> relations = new ArrayList<>();
    for (int a = 0; a < objects.size(); a++) {
      for (int b = 0; b < objects.size(); b++) {
        if (a != b) {
          relations.add(new Relation(a, "to the right of", b));
        }
      }
    }
    List<String> captions = Captions.write(new SceneGraph(objects, relations), Captions.PHRASINGS, new SplittableRandom(2));
    assertThat(captions).allSatisfy(c -> assertThat(c.split(" ").length).isLessThanOrEqualTo(25));
    assertThat(captions.get(4)).isEqualTo("five large purple triangles");
  }

  @Test
  void aSingleObjectHasNoCaption() {
    assertThatThrownBy(() -> Captions.write(SceneGraph.of(List.of(SceneObject.of("cross"))), 1, new SplittableRandom(3)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
