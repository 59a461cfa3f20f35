package org.unimo.rewriting.scene;

/**
 * The grammatical form of a relation predicate, by its first verb. Relation negatives keep the
 * form, so "rides" becomes "holds" and "riding" becomes "holding" or "sitting on".
 */
public enum PredicateForm {
  /** No verb: "on", "next to", "to the left of". */
  PREPOSITION,
  /** A verb in the third person singular present: "rides", "sits on". */
  PRESENT,
  /** A verb in its base form, as after a plural subject: "ride", "sit on". */
  BASE,
  /** An -ing participle: "riding", "sitting on", "is standing near" (written "standing near"). */
  PROGRESSIVE,
  /** A past form or past participle: "parked near", "covered with", "sat on". */
  PAST
}
