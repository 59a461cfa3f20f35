package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An object of a scene: a head noun, the attributes English puts before it, in that order (size
 * before color: {@code ["small", "red"]} reads "small red"), and an optional id that tells apart
 * objects with the same description (a region index, a detector's box id).
 *
 * <p>Immutable. The id takes part in {@link #equals}; {@link #description()} ignores it.
 *
 * @param noun the head noun, e.g. "circle"; not blank
 * @param attributes prenominal attributes in reading order; none blank
 * @param id an identifier, or null when the object has none
 */
public record SceneObject(String noun, List<String> attributes, @Nullable String id) {
  public SceneObject {
    requireNonNull(noun, "noun");
    if (noun.isBlank()) {
      throw new IllegalArgumentException("an object needs a noun");
    }
    attributes = List.copyOf(attributes);
    for (String attribute : attributes) {
      if (attribute.isBlank()) {
        throw new IllegalArgumentException("blank attribute of " + noun + ": " + attributes);
      }
    }
  }

  /** An object without an id. */
  public SceneObject(String noun, List<String> attributes) {
    this(noun, attributes, null);
  }

  /** {@code of("circle", "small", "red")}: a small red circle, without an id. */
  public static SceneObject of(String noun, String... attributes) {
    return new SceneObject(noun, List.of(attributes), null);
  }

  /** The attributes and the noun, without an article: "small red circle". */
  public String description() {
    if (attributes.isEmpty()) {
      return noun;
    }
    return String.join(" ", attributes) + " " + noun;
  }

  public boolean hasAttribute(String attribute) {
    return attributes.contains(attribute);
  }

  public SceneObject withId(@Nullable String newId) {
    return new SceneObject(noun, attributes, newId);
  }

  public SceneObject withNoun(String newNoun) {
    return new SceneObject(newNoun, attributes, id);
  }

  public SceneObject withAttributes(List<String> newAttributes) {
    return new SceneObject(noun, newAttributes, id);
  }

  /**
   * The same object with every occurrence of {@code attribute} replaced by {@code replacement}.
   *
   * @throws IllegalArgumentException if the object does not have {@code attribute}
   */
  public SceneObject withAttribute(String attribute, String replacement) {
    if (!attributes.contains(attribute)) {
      throw new IllegalArgumentException(description() + " has no attribute \"" + attribute + "\"");
    }
    List<String> replaced = new ArrayList<>(attributes.size());
    for (String a : attributes) {
      replaced.add(a.equals(attribute) ? replacement : a);
    }
    return new SceneObject(noun, replaced, id);
  }
}
