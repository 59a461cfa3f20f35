package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.sf.extjwnl.data.POS;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;

/**
 * Hard negatives of a caption in the manner of UNIMO's CMCL: the caption with exactly one object,
 * attribute or relation of its scene graph replaced by another from a {@link SceneVocabulary},
 * every other word kept verbatim.
 *
 * <pre>{@code
 * SceneNegatives negatives = SceneNegatives.of(parser, vocabulary);
 * negatives.negatives(parser.parse("a man rides a brown horse"), 1, 7L);
 * // e.g. OBJECT    "a man rides a brown cow"    (horse -> cow)
 * //      ATTRIBUTE "a man rides a white horse"  (brown -> white)
 * //      RELATION  "a man holds a brown horse"  (rides -> holds)
 * }</pre>
 *
 * <p>A replacement is never the word itself, never a WordNet synonym of it ("car" never becomes
 * "automobile"), and for objects never a hypernym or hyponym ("dog" never becomes "animal").
 * Objects are replaced by nouns the corpus used the same way (singular with "a", bare, plural;
 * plurals keep the corpus's plural form), preferring nouns of the same WordNet lexicographer
 * file ("horse" by another animal); attributes by attributes of the same category (a color by a
 * color); predicates by predicates of the same form ("rides" by "holds", "riding" by
 * "holding"). An "a"/"an" before the replaced word is fixed. Every negative is parsed again and
 * kept only if its graph is the original's with exactly that one element replaced.
 *
 * <p>Deterministic for a given seed. Thread-safe.
 */
public final class SceneNegatives {
  private static final int TRIES_PER_NEGATIVE = 12;

  /** How many replacements of one element are considered: WordNet checks are not free. */
  private static final int CANDIDATES_PER_ELEMENT = 64;

  private final CaptionParser parser;
  private final SceneVocabulary vocabulary;
  private final WordNetLexicon lexicon;
  private final PredicateSynonyms predicateSynonyms;

  private SceneNegatives(CaptionParser parser, SceneVocabulary vocabulary) {
    this.parser = requireNonNull(parser, "parser");
    this.vocabulary = requireNonNull(vocabulary, "vocabulary");
    this.lexicon = parser.lexicon();
    this.predicateSynonyms = new PredicateSynonyms(lexicon);
  }

  /** Negatives drawn from {@code vocabulary}, checked with {@code parser}. */
  public static SceneNegatives of(CaptionParser parser, SceneVocabulary vocabulary) {
    return new SceneNegatives(parser, vocabulary);
  }

  /**
   * Up to {@code perKind} negatives of each kind, objects first, then attributes, then
   * relations; fewer when the caption or the vocabulary offers fewer.
   */
  public List<Sample> negatives(ParsedCaption caption, int perKind, long seed) {
    List<Sample> samples = new ArrayList<>();
    for (SampleKind kind : List.of(SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION)) {
      samples.addAll(negatives(caption, kind, perKind, seed));
    }
    return samples;
  }

  /**
   * Up to {@code limit} negatives of {@code kind}, spread over the caption's elements of that kind
   * (one per element in turn, elements in a seeded order).
   *
   * @throws IllegalArgumentException if {@code kind} is not OBJECT, ATTRIBUTE or RELATION, or
   *     {@code limit} is negative
   */
  public List<Sample> negatives(ParsedCaption caption, SampleKind kind, int limit, long seed) {
    if (limit < 0) {
      throw new IllegalArgumentException("negative limit " + limit);
    }
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (kind.ordinal() + 1)));
    List<Slot> slots =
        switch (kind) {
          case OBJECT -> objectSlots(caption, random);
          case ATTRIBUTE -> attributeSlots(caption, random);
          case RELATION -> relationSlots(caption, random);
          default -> throw new IllegalArgumentException(
              "scene-graph negatives are object, attribute or relation, not " + kind.label());
        };
    shuffle(slots, random);
    Set<String> seen = new LinkedHashSet<>();
    List<Sample> samples = new ArrayList<>();
    boolean progress = true;
    while (samples.size() < limit && progress) {
      progress = false;
      for (Slot slot : slots) {
        if (samples.size() >= limit) {
          break;
        }
        for (int tries = 0; tries < TRIES_PER_NEGATIVE && slot.next < slot.candidates.size(); tries++) {
          Candidate c = slot.candidates.get(slot.next++);
          String text = caption.rewrite(c.edits());
          if (!text.equals(caption.text()) && !seen.contains(text) && parser.parse(text).graph().equals(c.expected())) {
            seen.add(text);
            samples.add(new Sample(kind, text, c.source()));
            progress = true;
            break;
          }
        }
      }
    }
    return samples;
  }

  /** One rewrite: the edits to the caption and the graph its parse must have. */
  private record Candidate(Map<Span, String> edits, SceneGraph expected, String source) {}

  /** The replacements of one element, in the order they are tried. */
  private static final class Slot {
    final List<Candidate> candidates;
    int next;

    Slot(List<Candidate> candidates) {
      this.candidates = candidates;
    }
  }

  private List<Slot> objectSlots(ParsedCaption caption, SplittableRandom random) {
    List<Slot> slots = new ArrayList<>();
    SceneGraph graph = caption.graph();
    for (int i = 0; i < graph.objects().size(); i++) {
      SceneObject object = graph.objects().get(i);
      ObjectMention mention = caption.objects().get(i);
      String noun = object.noun();
      Set<String> pool = new LinkedHashSet<>(vocabulary.objects(mention.use()));
      if (mention.use() == NounUse.DEFINITE) {
        pool.addAll(vocabulary.objects(NounUse.INDEFINITE));
      }
      String file = lexicon.lexFile(noun);
      List<String> same = new ArrayList<>();
      List<String> other = new ArrayList<>();
      for (String c : pool) {
        if (!c.equals(noun)) {
          (lexicon.lexFile(c).equals(file) ? same : other).add(c);
        }
      }
      shuffle(same, random);
      shuffle(other, random);
      same.addAll(other);
      String written = caption.textOf(mention.noun());
      List<Candidate> candidates = new ArrayList<>();
      for (String c : same) {
        if (candidates.size() == CANDIDATES_PER_ELEMENT) {
          break;
        }
        if (lexicon.synonyms(POS.NOUN, c, noun) || lexicon.hypernymRelated(c, noun)) {
          continue;
        }
        String surface = mention.plural() ? vocabulary.plural(c).orElse(CaptionRealizer.plural(c)) : c;
        Map<Span, String> edits = new HashMap<>();
        edits.put(mention.noun(), surface);
        if (mention.article() != null && mention.attributes().isEmpty()) {
          edits.put(mention.article(), CaptionRealizer.article(surface));
        }
        candidates.add(new Candidate(edits, graph.withObject(i, object.withNoun(c)), written + " -> " + surface));
      }
      slots.add(new Slot(candidates));
    }
    return slots;
  }

  private List<Slot> attributeSlots(ParsedCaption caption, SplittableRandom random) {
    List<Slot> slots = new ArrayList<>();
    SceneGraph graph = caption.graph();
    for (int i = 0; i < graph.objects().size(); i++) {
      SceneObject object = graph.objects().get(i);
      ObjectMention mention = caption.objects().get(i);
      for (int a = 0; a < mention.attributes().size(); a++) {
        AttributeMention attribute = mention.attributes().get(a);
        String word = object.attributes().get(a);
        POS pos = attribute.category() == AttributeCategory.KIND ? POS.NOUN : POS.ADJECTIVE;
        List<String> pool = new ArrayList<>();
        for (String c : vocabulary.attributes(attribute.category())) {
          if (!object.attributes().contains(c)) {
            pool.add(c);
          }
        }
        shuffle(pool, random);
        List<Candidate> candidates = new ArrayList<>();
        for (String c : pool) {
          if (candidates.size() == CANDIDATES_PER_ELEMENT) {
            break;
          }
          if (lexicon.synonyms(pos, c, word)) {
            continue;
          }
          List<String> replaced = new ArrayList<>(object.attributes());
          replaced.set(a, c);
          Map<Span, String> edits = new HashMap<>();
          edits.put(attribute.span(), c);
          if (a == 0 && mention.article() != null) {
            edits.put(mention.article(), CaptionRealizer.article(c));
          }
          candidates.add(
              new Candidate(edits, graph.withObject(i, object.withAttributes(replaced)), word + " -> " + c));
        }
        slots.add(new Slot(candidates));
      }
    }
    return slots;
  }

  private List<Slot> relationSlots(ParsedCaption caption, SplittableRandom random) {
    List<Slot> slots = new ArrayList<>();
    SceneGraph graph = caption.graph();
    for (int r = 0; r < graph.relations().size(); r++) {
      RelationMention mention = caption.relations().get(r);
      if (mention.shared()) {
        continue; // one rewrite would change several relations
      }
      Relation relation = graph.relations().get(r);
      List<String> pool = new ArrayList<>();
      pool.addAll(vocabulary.predicates(mention.form()));
      shuffle(pool, random);
      List<Candidate> candidates = new ArrayList<>();
      for (String c : pool) {
        if (candidates.size() == CANDIDATES_PER_ELEMENT) {
          break;
        }
        if (predicateSynonyms.synonyms(c, relation.predicate())) {
          continue;
        }
        candidates.add(
            new Candidate(
                Map.of(mention.predicate(), c),
                graph.withRelation(r, relation.withPredicate(c)),
                relation.predicate() + " -> " + c));
      }
      slots.add(new Slot(candidates));
    }
    return slots;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
