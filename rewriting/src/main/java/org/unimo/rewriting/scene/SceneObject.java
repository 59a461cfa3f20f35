package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An object of a scene: a head noun and its attributes in the order English puts them before the
 * noun (size, then color: "small red").
 */
public record SceneObject(String noun, List<String> attributes) {
  public SceneObject {
    requireNonNull(noun, "noun");
    if (noun.isBlank()) {
      throw new IllegalArgumentException("an object needs a noun");
    }
    attributes = List.copyOf(attributes);
  }

  public static SceneObject of(String noun, String... attributes) {
    return new SceneObject(noun, List.of(attributes));
  }

  /** The same object with {@code attribute} replaced by {@code replacement}. */
  public SceneObject withAttribute(String attribute, String replacement) {
    return new SceneObject(
        noun, attributes.stream().map(a -> a.equals(attribute) ? replacement : a).toList());
  }
}
