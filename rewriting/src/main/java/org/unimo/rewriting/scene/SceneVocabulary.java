package org.unimo.rewriting.scene;

import com.google.common.collect.HashMultiset;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableMultiset;
import com.google.common.collect.Multiset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The objects, attributes and relation predicates of a corpus of parsed captions, with counts:
 * the replacements a scene-graph negative draws from. Objects are counted by how they were used
 * ({@link NounUse}), attributes by {@link AttributeCategory}, predicates by {@link PredicateForm},
 * so that a replacement fits where the original stood.
 *
 * <pre>{@code
 * SceneVocabulary.Builder builder = SceneVocabulary.builder();
 * captions.forEach(c -> builder.add(parser.parse(c)));     // streaming
 * SceneVocabulary vocabulary = builder.build();
 * vocabulary.attributes(AttributeCategory.COLOR)          // [white, black, red, ...] most frequent first
 * vocabulary.predicates(PredicateForm.PROGRESSIVE)        // [sitting on, holding, ...]
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #merge} and {@link #toBuilder} return new objects.
 */
public final class SceneVocabulary {
  private static final SceneVocabulary EMPTY = new Builder().build();

  private final ImmutableMap<NounUse, ImmutableMultiset<String>> objects;
  private final ImmutableMap<AttributeCategory, ImmutableMultiset<String>> attributes;
  private final ImmutableMap<PredicateForm, ImmutableMultiset<String>> predicates;
  private final ImmutableMap<String, ImmutableMultiset<String>> plurals;

  private SceneVocabulary(Builder builder) {
    objects = freeze(builder.objects);
    attributes = freeze(builder.attributes);
    predicates = freeze(builder.predicates);
    ImmutableMap.Builder<String, ImmutableMultiset<String>> p = ImmutableMap.builder();
    builder.plurals.forEach((noun, forms) -> p.put(noun, ImmutableMultiset.copyOf(forms)));
    plurals = p.buildOrThrow();
  }

  /** A builder of an empty vocabulary. */
  public static Builder builder() {
    return new Builder();
  }

  /** The vocabulary of no captions. */
  public static SceneVocabulary empty() {
    return EMPTY;
  }

  /** The vocabulary of {@code captions}. */
  public static SceneVocabulary of(Iterable<ParsedCaption> captions) {
    Builder builder = builder();
    captions.forEach(builder::add);
    return builder.build();
  }

  /** Object nouns used as {@code use}, most frequent first (ties alphabetical). */
  public List<String> objects(NounUse use) {
    return ranked(objects.get(use));
  }

  /** How often {@code noun} was an object, over every use. */
  public int objectCount(String noun) {
    int count = 0;
    for (ImmutableMultiset<String> counts : objects.values()) {
      count += counts.count(noun);
    }
    return count;
  }

  /** How often {@code noun} was an object used as {@code use}. */
  public int objectCount(String noun, NounUse use) {
    ImmutableMultiset<String> counts = objects.get(use);
    return counts == null ? 0 : counts.count(noun);
  }

  /** Attributes of {@code category}, most frequent first. */
  public List<String> attributes(AttributeCategory category) {
    return ranked(attributes.get(category));
  }

  /** How often {@code attribute} was an attribute of {@code category}. */
  public int attributeCount(String attribute, AttributeCategory category) {
    ImmutableMultiset<String> counts = attributes.get(category);
    return counts == null ? 0 : counts.count(attribute);
  }

  /** Relation predicates of {@code form}, most frequent first. */
  public List<String> predicates(PredicateForm form) {
    return ranked(predicates.get(form));
  }

  /** How often {@code predicate} was a predicate of {@code form}. */
  public int predicateCount(String predicate, PredicateForm form) {
    ImmutableMultiset<String> counts = predicates.get(form);
    return counts == null ? 0 : counts.count(predicate);
  }

  /** The plural the corpus wrote most often for {@code noun} ("people" for "person"), if any. */
  public Optional<String> plural(String noun) {
    ImmutableMultiset<String> forms = plurals.get(noun);
    return forms == null || forms.isEmpty() ? Optional.empty() : Optional.of(ranked(forms).get(0));
  }

  /** This vocabulary and {@code other} together, counts added. */
  public SceneVocabulary merge(SceneVocabulary other) {
    return toBuilder().merge(other).build();
  }

  /** A builder that starts from this vocabulary's counts. */
  public Builder toBuilder() {
    return new Builder().merge(this);
  }

  private static List<String> ranked(@Nullable ImmutableMultiset<String> counts) {
    if (counts == null) {
      return List.of();
    }
    List<String> words = new ArrayList<>(counts.elementSet());
    words.sort(Comparator.comparingInt((String w) -> -counts.count(w)).thenComparing(Comparator.naturalOrder()));
    return List.copyOf(words);
  }

  private static <K extends Enum<K>> ImmutableMap<K, ImmutableMultiset<String>> freeze(Map<K, Multiset<String>> counts) {
    ImmutableMap.Builder<K, ImmutableMultiset<String>> frozen = ImmutableMap.builder();
    counts.forEach((key, c) -> frozen.put(key, ImmutableMultiset.copyOf(c)));
    return frozen.buildOrThrow();
  }

  /** Collects counts; not thread-safe. */
  public static final class Builder {
    private final Map<NounUse, Multiset<String>> objects = new EnumMap<>(NounUse.class);
    private final Map<AttributeCategory, Multiset<String>> attributes = new EnumMap<>(AttributeCategory.class);
    private final Map<PredicateForm, Multiset<String>> predicates = new EnumMap<>(PredicateForm.class);
    private final Map<String, Multiset<String>> plurals = new HashMap<>();

    private Builder() {}

    /** Counts every object, attribute and relation of {@code caption}. */
    public Builder add(ParsedCaption caption) {
      SceneGraph graph = caption.graph();
      for (int i = 0; i < graph.objects().size(); i++) {
        SceneObject object = graph.objects().get(i);
        ObjectMention mention = caption.objects().get(i);
        addObject(object.noun(), mention.use(), mention.plural() ? caption.textOf(mention.noun()) : null);
        for (int a = 0; a < mention.attributes().size(); a++) {
          addAttribute(object.attributes().get(a), mention.attributes().get(a).category());
        }
      }
      for (int r = 0; r < graph.relations().size(); r++) {
        addPredicate(graph.relations().get(r).predicate(), caption.relations().get(r).form());
      }
      return this;
    }

    /**
     * Counts one object noun used as {@code use}; {@code pluralForm} is how a plural was written
     * ("people"), null for a singular.
     */
    public Builder addObject(String noun, NounUse use, @Nullable String pluralForm) {
      objects.computeIfAbsent(use, u -> HashMultiset.create()).add(noun);
      if (pluralForm != null) {
        plurals.computeIfAbsent(noun, n -> HashMultiset.create()).add(WordNetLexicon.lower(pluralForm));
      }
      return this;
    }

    /** Counts one attribute of {@code category}. */
    public Builder addAttribute(String attribute, AttributeCategory category) {
      attributes.computeIfAbsent(category, c -> HashMultiset.create()).add(attribute);
      return this;
    }

    /** Counts one relation predicate of {@code form}. */
    public Builder addPredicate(String predicate, PredicateForm form) {
      predicates.computeIfAbsent(form, f -> HashMultiset.create()).add(predicate);
      return this;
    }

    /** Adds every count of {@code vocabulary}. */
    public Builder merge(SceneVocabulary vocabulary) {
      vocabulary.objects.forEach((k, c) -> objects.computeIfAbsent(k, x -> HashMultiset.create()).addAll(c));
      vocabulary.attributes.forEach((k, c) -> attributes.computeIfAbsent(k, x -> HashMultiset.create()).addAll(c));
      vocabulary.predicates.forEach((k, c) -> predicates.computeIfAbsent(k, x -> HashMultiset.create()).addAll(c));
      vocabulary.plurals.forEach((k, c) -> plurals.computeIfAbsent(k, x -> HashMultiset.create()).addAll(c));
      return this;
    }

    /** An immutable snapshot; the builder can go on collecting. */
    public SceneVocabulary build() {
      return new SceneVocabulary(this);
    }
  }
}
