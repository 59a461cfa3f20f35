package org.unimo.rewriting.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every phrasing the shapes world writes with CaptionRealizer parses back to the graph it wrote. */
class ShapesRoundTripTest {
  private static final CaptionParser PARSER = CaptionParser.create();
  private static final List<String> SHAPES = List.of("circle", "square", "triangle", "diamond", "cross");
  private static final List<String> COLORS = List.of("red", "green", "blue", "yellow", "purple", "orange");
  private static final List<String> SIZES = List.of("", "small", "large");
  private static final List<String> PREDICATES = List.of("to the left of", "to the right of", "above", "below");

  private static List<SceneObject> allObjects() {
    List<SceneObject> objects = new ArrayList<>();
    for (String shape : SHAPES) {
      for (String color : COLORS) {
        for (String size : SIZES) {
          objects.add(size.isEmpty() ? SceneObject.of(shape, color) : SceneObject.of(shape, size, color));
        }
      }
    }
    return objects;
  }

  @Test
  void relationsAsPhrasesAndSentences() {
    List<SceneObject> objects = allObjects();
    for (int i = 0; i < objects.size(); i++) {
      SceneObject a = objects.get(i);
      SceneObject b = objects.get((i * 7 + 11) % objects.size());
      for (String predicate : PREDICATES) {
        SceneGraph graph = new SceneGraph(List.of(a, b), List.of(new Relation(0, predicate, 1)));
        Relation r = graph.relations().get(0);
        assertRoundTrip(CaptionRealizer.relationPhrase(graph, r), graph);
        assertRoundTrip(CaptionRealizer.relationSentence(graph, r), graph);
        assertRoundTrip("there is " + CaptionRealizer.relationPhrase(graph, r), graph);
      }
    }
  }

  @Test
  void oneSubjectWithTwoRelations() {
    List<SceneObject> objects = allObjects();
    for (int i = 0; i < objects.size(); i++) {
      List<SceneObject> three =
          List.of(objects.get(i), objects.get((i + 13) % objects.size()), objects.get((i + 29) % objects.size()));
      for (int p = 0; p < PREDICATES.size(); p++) {
        List<Relation> relations =
            List.of(new Relation(0, PREDICATES.get(p), 1), new Relation(0, PREDICATES.get((p + 1) % 4), 2));
        SceneGraph graph = new SceneGraph(three, relations);
        assertRoundTrip(CaptionRealizer.relationsSentence(graph, relations), graph);
        assertRoundTrip(CaptionRealizer.describe(new SceneGraph(three, relations.subList(0, 1))),
            new SceneGraph(List.of(three.get(0), three.get(1), three.get(2)), relations.subList(0, 1)));
      }
    }
  }

  @Test
  void listsAndCountedLists() {
    List<SceneObject> objects = allObjects();
    for (int i = 0; i < objects.size(); i++) {
      SceneObject a = objects.get(i);
      SceneObject b = objects.get((i + 17) % objects.size());
      SceneObject c = objects.get((i + 41) % objects.size());
      assertRoundTrip(CaptionRealizer.existential(List.of(a, b, c)), SceneGraph.of(List.of(a, b, c)));
      assertRoundTrip(CaptionRealizer.list(List.of(a, b)), SceneGraph.of(List.of(a, b)));
      for (int count = 2; count <= 4; count++) {
        List<SceneObject> counted = new ArrayList<>();
        for (int k = 0; k < count; k++) {
          counted.add(a);
        }
        counted.add(b);
        String caption = CaptionRealizer.countedList(counted);
        assertThat(PARSER.parse(caption).expandedGraph()).as(caption).isEqualTo(SceneGraph.of(counted));
        String existential = CaptionRealizer.countedExistential(counted);
        assertThat(PARSER.parse(existential).expandedGraph()).as(existential).isEqualTo(SceneGraph.of(counted));
      }
    }
  }

  private static void assertRoundTrip(String caption, SceneGraph graph) {
    assertThat(PARSER.parse(caption).graph()).as(caption).isEqualTo(graph);
  }
}
