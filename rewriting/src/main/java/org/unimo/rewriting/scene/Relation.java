package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

/**
 * A relation between two objects of a {@link SceneGraph}, by their indices in {@link
 * SceneGraph#objects()}: {@code subject predicate object}, e.g. {@code 0 "to the left of" 1}. The
 * predicate is written as it reads between two noun phrases ("above", "next to", "holding").
 *
 * @param subject index of the subject object
 * @param predicate the words between subject and object; not blank
 * @param object index of the object object
 */
public record Relation(int subject, String predicate, int object) {
  public Relation {
    requireNonNull(predicate, "predicate");
    if (predicate.isBlank()) {
      throw new IllegalArgumentException("a relation needs a predicate");
    }
    if (subject < 0 || object < 0) {
      throw new IllegalArgumentException("negative object index in " + subject + " " + predicate + " " + object);
    }
    if (subject == object) {
      throw new IllegalArgumentException("a relation needs two different objects, got " + subject + " twice");
    }
  }

  public Relation withPredicate(String newPredicate) {
    return new Relation(subject, newPredicate, object);
  }
}
