package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

/**
 * A relation between two objects of a scene graph, by index: {@code subject predicate object},
 * e.g. 0 "to the left of" 1.
 */
public record Relation(int subject, String predicate, int object) {
  public Relation {
    requireNonNull(predicate, "predicate");
    if (subject == object) {
      throw new IllegalArgumentException("a relation needs two different objects, got " + subject + " twice");
    }
  }
}
