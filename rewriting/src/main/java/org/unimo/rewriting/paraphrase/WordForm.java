package org.unimo.rewriting.paraphrase;

/** The inflection a content word has in a caption, which its replacement must take too. */
enum WordForm {
  /** The dictionary form: a singular noun, an adjective, a verb's infinitive or present. */
  BASE,
  /** A plural noun: "dogs", "men". */
  PLURAL,
  /** A verb's third person singular present: "rides". */
  THIRD_PERSON,
  /** A verb's past tense or past participle: "jumped", "rode", "ridden". */
  PAST,
  /** A verb's -ing form: "riding". */
  PRESENT_PARTICIPLE
}
