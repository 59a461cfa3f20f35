package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

/**
 * Where one attribute of an object was written, and what kind of attribute it is.
 *
 * @param span the attribute's token (attributes are single words)
 * @param category color, size, material, a noun used as a modifier, or other
 */
public record AttributeMention(Span span, AttributeCategory category) {
  public AttributeMention {
    requireNonNull(span, "span");
    requireNonNull(category, "category");
  }
}
