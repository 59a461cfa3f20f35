package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneGraphTest {
  private final SceneObject circle = SceneObject.of("circle", "small", "red");
  private final SceneObject square = SceneObject.of("square", "large", "blue");

  @Test
  void aGraphRejectsRelationsToMissingObjects() {
    assertThatThrownBy(() -> new SceneGraph(List.of(circle), List.of(new Relation(0, "above", 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside 0..0");
  }

  @Test
  void relationsNeedTwoObjectsAndAPredicate() {
    assertThatThrownBy(() -> new Relation(1, "above", 1)).hasMessageContaining("twice");
    assertThatThrownBy(() -> new Relation(0, " ", 1)).hasMessageContaining("predicate");
    assertThatThrownBy(() -> new Relation(-1, "above", 1)).hasMessageContaining("negative");
  }

  @Test
  void objectsNeedANounAndNonBlankAttributes() {
    assertThatThrownBy(() -> SceneObject.of(" ")).hasMessageContaining("noun");
    assertThatThrownBy(() -> SceneObject.of("circle", "")).hasMessageContaining("blank attribute");
  }

  @Test
  void aGraphIsImmutable() {
    List<SceneObject> objects = new ArrayList<>(List.of(circle, square));
    SceneGraph graph = SceneGraph.of(objects);
    objects.clear();
    assertThat(graph.objects()).hasSize(2);
    assertThatThrownBy(() -> graph.objects().add(circle)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void replacingAnAttributeKeepsTheRest() {
    assertThat(circle.withAttribute("red", "green")).isEqualTo(SceneObject.of("circle", "small", "green"));
    assertThat(circle.withId("r0").withAttribute("red", "green").id()).isEqualTo("r0");
    assertThatThrownBy(() -> circle.withAttribute("blue", "green")).hasMessageContaining("no attribute \"blue\"");
  }

  @Test
  void rewritingOneElementReturnsANewGraph() {
    SceneGraph graph = new SceneGraph(List.of(circle, square), List.of(new Relation(0, "to the left of", 1)));
    SceneGraph otherObject = graph.withObject(1, square.withNoun("triangle"));
    SceneGraph otherRelation = graph.withRelation(0, graph.relations().get(0).withPredicate("above"));
    assertThat(CaptionRealizer.relationPhrase(otherObject, otherObject.relations().get(0)))
        .isEqualTo("a small red circle to the left of a large blue triangle");
    assertThat(CaptionRealizer.relationSentence(otherRelation, otherRelation.relations().get(0)))
        .isEqualTo("a small red circle is above a large blue square");
    assertThat(graph.objects().get(1).noun()).isEqualTo("square");
    assertThat(graph.relation(0, 1)).contains(new Relation(0, "to the left of", 1));
    assertThat(graph.relation(1, 0)).isEmpty();
  }

  @Test
  void theIdDoesNotChangeTheDescription() {
    assertThat(circle.withId("7").description()).isEqualTo("small red circle");
    assertThat(circle.withId("7")).isNotEqualTo(circle);
  }
}
