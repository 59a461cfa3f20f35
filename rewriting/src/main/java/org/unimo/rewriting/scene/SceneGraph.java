package org.unimo.rewriting.scene;

import java.util.List;

/** Objects and the relations between them. Immutable. */
public record SceneGraph(List<SceneObject> objects, List<Relation> relations) {
  public SceneGraph {
    objects = List.copyOf(objects);
    relations = List.copyOf(relations);
    for (Relation r : relations) {
      if (r.subject() < 0 || r.subject() >= objects.size() || r.object() < 0 || r.object() >= objects.size()) {
        throw new IllegalArgumentException(
            "relation " + r + " refers to an object outside 0.." + (objects.size() - 1));
      }
    }
  }

  /** The relation from {@code subject} to {@code object}, if the graph has one. */
  public java.util.Optional<Relation> relation(int subject, int object) {
    return relations.stream()
        .filter(r -> r.subject() == subject && r.object() == object)
        .findFirst();
  }
}
