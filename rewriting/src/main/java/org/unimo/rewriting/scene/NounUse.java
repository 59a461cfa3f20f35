package org.unimo.rewriting.scene;

/**
 * How a caption uses a noun, by its number and determiner. Object negatives replace a noun only by
 * one the corpus used the same way, so "with rice" does not become "with horse" and "a horse"
 * does not become "a rice".
 */
public enum NounUse {
  /** Singular after "a", "an", "one", "each", "every", "another": a count noun. */
  INDEFINITE,
  /** Singular after another determiner: "the beach", "his phone". */
  DEFINITE,
  /** Singular without a determiner: "with rice", "on grass". */
  BARE,
  /** Plural: "two dogs", "people". */
  PLURAL
}
