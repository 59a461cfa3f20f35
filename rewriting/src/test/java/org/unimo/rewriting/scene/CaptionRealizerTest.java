package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionRealizerTest {
  private final SceneObject circle = SceneObject.of("circle", "small", "red");
  private final SceneObject square = SceneObject.of("square", "large", "blue");
  private final SceneObject triangle = SceneObject.of("triangle", "green");
  private final SceneGraph graph =
      new SceneGraph(
          List.of(circle, square, triangle),
          List.of(
              new Relation(0, "to the left of", 1),
              new Relation(1, "to the right of", 0),
              new Relation(0, "above", 2)));

  @Test
  void nounPhrasesTakeTheRightArticle() {
    assertThat(CaptionRealizer.nounPhrase(circle)).isEqualTo("a small red circle");
    assertThat(CaptionRealizer.nounPhrase(SceneObject.of("square", "orange"))).isEqualTo("an orange square");
    assertThat(CaptionRealizer.nounPhrase(SceneObject.of("apple"))).isEqualTo("an apple");
    assertThat(CaptionRealizer.nounPhrase(SceneObject.of("umbrella", "open"))).isEqualTo("an open umbrella");
  }

  @Test
  void articlesFollowTheSoundNotTheLetter() {
    assertThat(CaptionRealizer.article("unicorn")).isEqualTo("a");
    assertThat(CaptionRealizer.article("uniform color")).isEqualTo("a");
    assertThat(CaptionRealizer.article("unimodal model")).isEqualTo("a");
    assertThat(CaptionRealizer.article("unimportant detail")).isEqualTo("an");
    assertThat(CaptionRealizer.article("umbrella")).isEqualTo("an");
    assertThat(CaptionRealizer.article("useful tool")).isEqualTo("a");
    assertThat(CaptionRealizer.article("one-eyed cat")).isEqualTo("a");
    assertThat(CaptionRealizer.article("European city")).isEqualTo("a");
    assertThat(CaptionRealizer.article("hour")).isEqualTo("an");
    assertThat(CaptionRealizer.article("house")).isEqualTo("a");
    assertThat(CaptionRealizer.article("8-sided die")).isEqualTo("an");
    assertThat(CaptionRealizer.article("11 year old")).isEqualTo("an");
    assertThat(CaptionRealizer.article("7 year old")).isEqualTo("a");
    assertThat(CaptionRealizer.article("Orange square")).isEqualTo("an");
  }

  @Test
  void relationsReadAsPhrasesAndSentences() {
    assertThat(CaptionRealizer.relationPhrase(graph, graph.relations().get(0)))
        .isEqualTo("a small red circle to the left of a large blue square");
    assertThat(CaptionRealizer.relationSentence(graph, graph.relations().get(1)))
        .isEqualTo("a large blue square is to the right of a small red circle");
    assertThat(CaptionRealizer.relationPhrase(triangle, "below", SceneObject.of("diamond", "orange")))
        .isEqualTo("a green triangle below an orange diamond");
  }

  @Test
  void relationsOfOneSubjectShareASentence() {
    assertThat(CaptionRealizer.relationsSentence(graph, graph.relationsFrom(0)))
        .isEqualTo("a small red circle is to the left of a large blue square and above a green triangle");
    assertThatThrownBy(() -> CaptionRealizer.relationsSentence(graph, graph.relations().subList(0, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different subjects");
  }

  @Test
  void listsUseCommasAndAnd() {
    assertThat(CaptionRealizer.existential(List.of(circle, square, triangle)))
        .isEqualTo("there is a small red circle, a large blue square and a green triangle");
    assertThat(CaptionRealizer.list(List.of(circle, square))).isEqualTo("a small red circle and a large blue square");
    assertThat(CaptionRealizer.list(List.of(triangle))).isEqualTo("a green triangle");
    assertThatThrownBy(() -> CaptionRealizer.list(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identicalObjectsAreCounted() {
    SceneObject red = SceneObject.of("circle", "red");
    SceneObject blue = SceneObject.of("square", "blue");
    assertThat(CaptionRealizer.countedList(List.of(red, blue, red.withId("3"))))
        .isEqualTo("two red circles and a blue square");
    assertThat(CaptionRealizer.countedExistential(List.of(red, blue, red)))
        .isEqualTo("there are two red circles and a blue square");
    assertThat(CaptionRealizer.countedExistential(List.of(blue, red, red)))
        .isEqualTo("there is a blue square and two red circles");
    assertThat(CaptionRealizer.countedPhrase(SceneObject.of("cross", "purple"), 3)).isEqualTo("three purple crosses");
  }

  @Test
  void pluralsOfRegularAndIrregularNouns() {
    assertThat(CaptionRealizer.plural("circle")).isEqualTo("circles");
    assertThat(CaptionRealizer.plural("cross")).isEqualTo("crosses");
    assertThat(CaptionRealizer.plural("box")).isEqualTo("boxes");
    assertThat(CaptionRealizer.plural("berry")).isEqualTo("berries");
    assertThat(CaptionRealizer.plural("toy")).isEqualTo("toys");
    assertThat(CaptionRealizer.plural("woman")).isEqualTo("women");
    assertThat(CaptionRealizer.plural("traffic light")).isEqualTo("traffic lights");
  }

  @Test
  void aWholeGraphIsOneSentence() {
    assertThat(CaptionRealizer.describe(graph))
        .isEqualTo("a small red circle is to the left of a large blue square, and there is a green triangle");
    assertThat(CaptionRealizer.describe(SceneGraph.of(List.of(circle, square))))
        .isEqualTo("there is a small red circle and a large blue square");
  }
}
