package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.List;

/** Scene graphs as one line for assertions: "man, shirt[red] | man -in-> shirt". */
final class GraphText {
  private GraphText() {}

  static String of(SceneGraph graph) {
    List<String> objects = new ArrayList<>();
    for (SceneObject o : graph.objects()) {
      objects.add(o.noun() + (o.attributes().isEmpty() ? "" : o.attributes().toString().replace(", ", " ")));
    }
    List<String> relations = new ArrayList<>();
    for (Relation r : graph.relations()) {
      relations.add(
          graph.objects().get(r.subject()).noun() + " -" + r.predicate() + "-> " + graph.objects().get(r.object()).noun());
    }
    return String.join(", ", objects) + " | " + String.join("; ", relations);
  }
}
