package org.unimo.rewriting.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.unimo.rewriting.scene.CaptionRealizer;

/**
 * A deterministic caption corpus for benchmarks: COCO-like captions ("a brown horse grazes near a
 * wooden fence") written from templates over WordNet 3.1 words, several captions per image.
 *
 * <p>Each image has a scene (three nouns, each with an adjective, and a verb) and each of its
 * {@link #CAPTIONS_PER_IMAGE} captions describes part of it through a template, with some words
 * swapped as annotators do, so that captions of one image resemble each other more than others.
 * Words are drawn with Zipf-like frequencies: the WordNet sense-tagged counts of concrete nouns
 * (artifacts, animals, people, food, plants, objects, body parts), adjectives and verbs of motion,
 * contact and consumption, a few thousand words in all. Caption i depends only on the seed and i.
 */
final class SyntheticCaptions {
  static final int CAPTIONS_PER_IMAGE = 5;

  private static final Set<String> NOUN_FILES =
      Set.of("noun.artifact", "noun.animal", "noun.person", "noun.food", "noun.plant", "noun.object",
          "noun.body", "noun.location");
  private static final Set<String> VERB_FILES =
      Set.of("verb.motion", "verb.contact", "verb.consumption", "verb.body", "verb.competition",
          "verb.perception");
  private static final String[] PREPOSITIONS = {
    "on", "in", "near", "next to", "behind", "in front of", "under", "beside", "on top of", "with",
    "by", "across", "inside", "along", "above", "at"
  };
  private static final String[] NUMBERS = {"two", "three", "four", "several", "many", "some"};

  private final Vocabulary nouns;
  private final Vocabulary adjectives;
  private final Vocabulary verbs;
  private final long seed;

  private SyntheticCaptions(Vocabulary nouns, Vocabulary adjectives, Vocabulary verbs, long seed) {
    this.nouns = nouns;
    this.adjectives = adjectives;
    this.verbs = verbs;
    this.seed = seed;
  }

  /** Reads the word lists from WordNet 3.1 (a few seconds). */
  static SyntheticCaptions fromWordNet(long seed) {
    try {
      Dictionary dictionary = Dictionary.getDefaultResourceInstance();
      try {
        return new SyntheticCaptions(
            Vocabulary.of(dictionary, POS.NOUN, NOUN_FILES, 3000),
            Vocabulary.of(dictionary, POS.ADJECTIVE, Set.of(), 1500),
            Vocabulary.of(dictionary, POS.VERB, VERB_FILES, 800),
            seed);
      } finally {
        dictionary.close();
      }
    } catch (JWNLException e) {
      throw new IllegalStateException("cannot read WordNet 3.1 from the classpath", e);
    }
  }

  /** The number of distinct words the captions draw from. */
  int vocabularySize() {
    return nouns.size() + adjectives.size() + verbs.size();
  }

  /** Captions 0 to count - 1, generated as they are read. */
  Iterator<Caption> captions(long count) {
    return new Iterator<>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Caption next() {
        if (next >= count) {
          throw new NoSuchElementException();
        }
        return caption(next++);
      }
    };
  }

  /** Caption {@code index}, of image {@code index / CAPTIONS_PER_IMAGE}. */
  Caption caption(long index) {
    long image = index / CAPTIONS_PER_IMAGE;
    SplittableRandom scene = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + image);
    String[] things = new String[3];
    String[] qualities = new String[3];
    for (int i = 0; i < 3; i++) {
      things[i] = nouns.draw(scene);
      qualities[i] = adjectives.draw(scene);
    }
    String action = verbs.draw(scene);
    SplittableRandom rnd = new SplittableRandom(scene.nextLong() + index * 0xBF58476D1CE4E5B9L);
    // Annotators name things differently: each word is sometimes swapped for a random one.
    for (int i = 0; i < 3; i++) {
      if (rnd.nextInt(5) == 0) {
        things[i] = nouns.draw(rnd);
      }
      if (rnd.nextInt(3) == 0) {
        qualities[i] = adjectives.draw(rnd);
      }
    }
    if (rnd.nextInt(4) == 0) {
      action = verbs.draw(rnd);
    }
    String preposition = PREPOSITIONS[rnd.nextInt(PREPOSITIONS.length)];
    String text =
        switch (rnd.nextInt(7)) {
          case 0 -> withArticle(qualities[0] + " " + things[0]) + " " + thirdPerson(action) + " "
              + preposition + " " + withArticle(things[1]);
          case 1 -> NUMBERS[rnd.nextInt(NUMBERS.length)] + " " + CaptionRealizer.plural(things[0]) + " "
              + action + " " + preposition + " the " + qualities[1] + " " + things[1];
          case 2 -> withArticle(things[0]) + " and " + withArticle(things[1]) + " " + preposition + " "
              + withArticle(qualities[2] + " " + things[2]);
          case 3 -> "there is " + withArticle(qualities[0] + " " + things[0]) + " " + preposition
              + " the " + things[2];
          case 4 -> "a close up of " + withArticle(things[0]) + " with " + withArticle(qualities[1] + " "
              + things[1]);
          case 5 -> "the " + things[0] + " is " + gerund(action) + " " + preposition + " "
              + withArticle(things[1]) + " and " + withArticle(things[2]);
          default -> withArticle(qualities[0] + " " + things[0]) + " that is " + gerund(action) + " "
              + preposition + " " + withArticle(qualities[2] + " " + things[2]);
        };
    return new Caption(Long.toString(image), capitalize(text) + ".");
  }

  private static String withArticle(String phrase) {
    return CaptionRealizer.article(phrase) + " " + phrase;
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String thirdPerson(String verb) {
    if (verb.endsWith("s") || verb.endsWith("sh") || verb.endsWith("ch") || verb.endsWith("x")
        || verb.endsWith("o")) {
      return verb + "es";
    }
    if (verb.endsWith("y") && !isVowel(verb.charAt(verb.length() - 2))) {
      return verb.substring(0, verb.length() - 1) + "ies";
    }
    return verb + "s";
  }

  private static String gerund(String verb) {
    if (verb.endsWith("ie")) {
      return verb.substring(0, verb.length() - 2) + "ying";
    }
    if (verb.endsWith("e") && !verb.endsWith("ee")) {
      return verb.substring(0, verb.length() - 1) + "ing";
    }
    return verb + "ing";
  }

  private static boolean isVowel(char c) {
    return "aeiou".indexOf(c) >= 0;
  }

  /** Words of one part of speech, most frequent first, drawn with their tagged frequencies. */
  private static final class Vocabulary {
    private final String[] words;
    private final double[] cumulative;

    private Vocabulary(String[] words, double[] cumulative) {
      this.words = words;
      this.cumulative = cumulative;
    }

    static Vocabulary of(Dictionary dictionary, POS pos, Set<String> lexicographerFiles, int limit)
        throws JWNLException {
      Map<String, Integer> counts = new HashMap<>();
      Iterator<IndexWord> index = dictionary.getIndexWordIterator(pos);
      while (index.hasNext()) {
        IndexWord word = index.next();
        String lemma = word.getLemma();
        if (!lemma.matches("[a-z]{3,12}") || word.getSenses().isEmpty()) {
          continue;
        }
        Synset first = word.getSenses().get(0);
        if (!lexicographerFiles.isEmpty() && !lexicographerFiles.contains(first.getLexFileName())) {
          continue;
        }
        int count = 0;
        for (Synset sense : word.getSenses()) {
          for (Word form : sense.getWords()) {
            if (form.getLemma().equalsIgnoreCase(lemma)) {
              count += form.getUseCount();
            }
          }
        }
        // Untagged words still appear, rarely: the long tail of a real caption vocabulary.
        counts.put(lemma, count + 1);
      }
      List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
      ranked.sort(
          Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
              .thenComparing(Map.Entry.comparingByKey()));
      int size = Math.min(limit, ranked.size());
      String[] words = new String[size];
      double[] cumulative = new double[size];
      double total = 0;
      for (int i = 0; i < size; i++) {
        words[i] = ranked.get(i).getKey();
        total += ranked.get(i).getValue();
        cumulative[i] = total;
      }
      return new Vocabulary(words, cumulative);
    }

    int size() {
      return words.length;
    }

    String draw(SplittableRandom rnd) {
      double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
      int lo = 0;
      int hi = cumulative.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] <= u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return words[lo];
    }
  }
}
