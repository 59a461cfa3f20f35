package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Objects and the relations between them. Immutable; every relation refers to objects of the
 * graph. Rewriting an element returns a new graph ({@link #withObject}, {@link #withRelation}).
 *
 * @param objects the objects, addressed by index
 * @param relations relations between objects of this graph
 */
public record SceneGraph(List<SceneObject> objects, List<Relation> relations) {
  public SceneGraph {
    objects = List.copyOf(objects);
    relations = List.copyOf(relations);
    for (Relation r : relations) {
      if (r.subject() >= objects.size() || r.object() >= objects.size()) {
        throw new IllegalArgumentException(
            "relation " + r + " refers to an object outside 0.." + (objects.size() - 1));
      }
    }
  }

  /** A graph of {@code objects} without relations. */
  public static SceneGraph of(List<SceneObject> objects) {
    return new SceneGraph(objects, List.of());
  }

  /** The first relation from {@code subject} to {@code object}, if the graph has one. */
  public Optional<Relation> relation(int subject, int object) {
    return relations.stream().filter(r -> r.subject() == subject && r.object() == object).findFirst();
  }

  /** The relations whose subject is {@code subject}, in graph order. */
  public List<Relation> relationsFrom(int subject) {
    return relations.stream().filter(r -> r.subject() == subject).toList();
  }

  /** The same graph with object {@code index} replaced (relations keep pointing at the index). */
  public SceneGraph withObject(int index, SceneObject replacement) {
    List<SceneObject> replaced = new ArrayList<>(objects);
    replaced.set(index, replacement);
    return new SceneGraph(replaced, relations);
  }

  /** The same graph with relation {@code index} replaced. */
  public SceneGraph withRelation(int index, Relation replacement) {
    List<Relation> replaced = new ArrayList<>(relations);
    replaced.set(index, replacement);
    return new SceneGraph(objects, replaced);
  }
}
