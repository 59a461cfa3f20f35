package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionRealizerTest {
  private final SceneObject circle = SceneObject.of("circle", "small", "red");
  private final SceneObject square = SceneObject.of("square", "large", "orange");
  private final SceneObject triangle = SceneObject.of("triangle", "green");
  private final SceneGraph graph =
      new SceneGraph(List.of(circle, square, triangle), List.of(new Relation(0, "to the left of", 1)));

  @Test
  void nounPhrasesTakeTheRightArticle() {
    assertThat(CaptionRealizer.nounPhrase(circle)).isEqualTo("a small red circle");
    assertThat(CaptionRealizer.nounPhrase(SceneObject.of("square", "orange"))).isEqualTo("an orange square");
  }

  @Test
  void relationsReadAsPhrasesAndSentences() {
    Relation left = graph.relations().get(0);
    assertThat(CaptionRealizer.relationPhrase(graph, left))
        .isEqualTo("a small red circle to the left of a large orange square");
    assertThat(CaptionRealizer.relationSentence(graph, left))
        .isEqualTo("a small red circle is to the left of a large orange square");
  }

  @Test
  void listsUseCommasAndAnd() {
    assertThat(CaptionRealizer.existential(List.of(circle, square, triangle)))
        .isEqualTo("there is a small red circle, a large orange square and a green triangle");
    assertThat(CaptionRealizer.list(List.of(triangle))).isEqualTo("a green triangle");
  }

  @Test
  void aGraphRejectsRelationsToMissingObjects() {
    assertThatThrownBy(() -> new SceneGraph(List.of(circle), List.of(new Relation(0, "above", 3))))
        .hasMessageContaining("outside 0..0");
  }

  @Test
  void replacingAnAttributeKeepsTheRest() {
    assertThat(circle.withAttribute("red", "blue")).isEqualTo(SceneObject.of("circle", "small", "blue"));
  }
}
