package org.unimo.rewriting.paraphrase;

import java.util.Set;

/**
 * English function words that a paraphraser must never replace: determiners, numerals,
 * prepositions, pronouns, conjunctions, auxiliaries and a few adverbs that carry grammar.
 * Lower case throughout.
 */
final class ClosedClassWords {
  /** Determiners and possessives: the word after one of these is not a verb. */
  static final Set<String> DETERMINERS =
      Set.of(
          "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "no",
          "another", "other", "both", "all", "either", "neither", "much", "many", "few", "several",
          "such", "what", "which", "whose", "my", "your", "his", "her", "its", "our", "their");

  /** Cardinal and ordinal numerals up to the ones captions use. */
  static final Set<String> NUMERALS =
      Set.of(
          "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
          "hundred", "thousand", "million", "dozen", "dozens", "hundreds", "thousands", "first",
          "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
          "last", "once", "twice", "half", "couple", "pair");

  /** Auxiliaries and modals: an -ing or -ed word after one of these is a verb. */
  static final Set<String> AUXILIARIES =
      Set.of(
          "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having",
          "do", "does", "did", "can", "could", "will", "would", "shall", "should", "may", "might",
          "must", "get", "gets", "got", "getting");

  private static final Set<String> PREPOSITIONS =
      Set.of(
          "about", "above", "across", "after", "against", "along", "alongside", "amid", "among",
          "around", "as", "at", "atop", "before", "behind", "below", "beneath", "beside", "besides",
          "between", "beyond", "by", "down", "during", "except", "for", "from", "in", "inside",
          "into", "like", "near", "next", "of", "off", "on", "onto", "opposite", "out", "outside",
          "over", "past", "through", "throughout", "to", "toward", "towards", "under",
          "underneath", "until", "up", "upon", "via", "with", "within", "without");

  private static final Set<String> PRONOUNS =
      Set.of(
          "i", "me", "you", "he", "him", "she", "it", "we", "us", "they", "them", "myself",
          "yourself", "himself", "herself", "itself", "ourselves", "themselves", "mine", "yours",
          "hers", "ours", "theirs", "who", "whom", "someone", "somebody", "something", "anyone",
          "anybody", "anything", "everyone", "everybody", "everything", "nobody", "nothing",
          "none");

  private static final Set<String> OTHERS =
      Set.of(
          "and", "or", "but", "nor", "so", "yet", "while", "because", "if", "than", "then", "when",
          "where", "whether", "not", "there", "here", "very", "too", "also", "just", "only",
          "together", "away", "back");

  private ClosedClassWords() {}

  /** Whether {@code word} (lower case) must be left as it is. */
  static boolean contains(String word) {
    return DETERMINERS.contains(word) || NUMERALS.contains(word) || AUXILIARIES.contains(word)
        || PREPOSITIONS.contains(word) || PRONOUNS.contains(word) || OTHERS.contains(word);
  }
}
