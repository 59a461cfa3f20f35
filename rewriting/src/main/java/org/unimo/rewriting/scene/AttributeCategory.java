package org.unimo.rewriting.scene;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an attribute says about its object. Attribute negatives replace an attribute by another of
 * the same category, so that "a red apple" becomes "a green apple", not "a wooden apple".
 */
public enum AttributeCategory {
  /** "red", "white", "golden". */
  COLOR,
  /** "small", "large", "tall". */
  SIZE,
  /** "wooden", "metal", "glass". */
  MATERIAL,
  /** A noun used as a modifier: the "tennis" of "a tennis racket". */
  KIND,
  /** Every other adjective or participle: "grassy", "sleeping", "parked". */
  OTHER;

  private static final Set<String> COLORS =
      Set.of(
          "red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "black", "white", "gray",
          "grey", "silver", "gold", "golden", "beige", "tan", "violet", "maroon", "teal", "turquoise", "navy",
          "blond", "blonde", "multicolored", "colorful");

  private static final Set<String> SIZES =
      Set.of(
          "small", "large", "big", "little", "tiny", "huge", "giant", "tall", "short", "long", "wide", "narrow",
          "massive", "enormous", "medium", "thin", "thick", "skinny");

  private static final Set<String> MATERIALS =
      Set.of(
          "wooden", "wood", "metal", "metallic", "plastic", "glass", "stone", "brick", "leather", "paper",
          "ceramic", "steel", "iron", "concrete", "marble", "cardboard", "wicker", "cotton", "wool", "woolen",
          "denim", "rubber", "porcelain");

  /**
   * The category of one of the listed color, size and material words, or null for any other word
   * (whose category depends on how it is used).
   */
  static @Nullable AttributeCategory listed(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (COLORS.contains(w)) {
      return COLOR;
    }
    if (SIZES.contains(w)) {
      return SIZE;
    }
    if (MATERIALS.contains(w)) {
      return MATERIAL;
    }
    return null;
  }
}
