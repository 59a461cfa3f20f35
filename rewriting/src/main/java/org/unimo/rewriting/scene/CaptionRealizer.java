package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes scene graphs, or parts of them, as English.
 *
 * <pre>{@code
 * nounPhrase(SceneObject.of("square", "orange"))               -> "an orange square"
 * relationPhrase(graph, new Relation(0, "to the left of", 1))  -> "a small red circle to the left of a large blue square"
 * relationSentence(graph, new Relation(1, "to the right of", 0))
 *                                                              -> "a large blue square is to the right of a small red circle"
 * existential(List.of(circle, square, triangle))               -> "there is a small red circle, a large blue square and a green triangle"
 * countedList(List.of(redCircle, blueSquare, redCircle))       -> "two red circles and a blue square"
 * describe(graph)                                              -> "a small red circle is to the left of a large blue square, and there is a green triangle"
 * }</pre>
 *
 * <p>Output is lower case without final punctuation, the form captions take in the shapes world.
 * Lists use commas and a final "and" without a serial comma. The indefinite article follows the
 * sound of the next word ({@link #article}). Every method is pure and thread-safe.
 */
public final class CaptionRealizer {
  private static final List<String> NUMBER_WORDS =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten");

  /** Word starts spelled with a vowel that are said with a consonant ("a unicorn", "a one"). */
  private static final List<String> CONSONANT_SOUND_VOWEL_STARTS =
      List.of(
          "one", "once", "uni", "usa", "use", "usi", "usu", "uti", "ute", "ura", "ure", "uri", "uro", "eu", "ewe",
          "ouija", "ubiq", "uga", "uk");

  /** "uni..." words that are "un-" + a vowel-initial stem ("an uninteresting", "an unimportant"). */
  private static final List<String> UN_PREFIXED_UNI = List.of("unin", "unim");

  /** Consonant-initial words said with a vowel (silent h). */
  private static final List<String> VOWEL_SOUND_CONSONANT_STARTS = List.of("hour", "honest", "honor", "honour", "heir");

  private static final Map<String, String> IRREGULAR_PLURALS =
      Map.ofEntries(
          Map.entry("man", "men"),
          Map.entry("woman", "women"),
          Map.entry("child", "children"),
          Map.entry("person", "people"),
          Map.entry("foot", "feet"),
          Map.entry("tooth", "teeth"),
          Map.entry("mouse", "mice"),
          Map.entry("goose", "geese"),
          Map.entry("leaf", "leaves"),
          Map.entry("knife", "knives"),
          Map.entry("wife", "wives"),
          Map.entry("life", "lives"),
          Map.entry("shelf", "shelves"),
          Map.entry("wolf", "wolves"),
          Map.entry("sheep", "sheep"),
          Map.entry("fish", "fish"),
          Map.entry("deer", "deer"),
          Map.entry("series", "series"));

  private static final Map<String, String> IRREGULAR_SINGULARS = singulars();

  private CaptionRealizer() {}

  /** "a small red circle", "an orange square": an indefinite noun phrase. */
  public static String nounPhrase(SceneObject object) {
    String description = object.description();
    return article(description) + " " + description;
  }

  /** "two small red circles", "a small red circle" (count 1); count must be positive. */
  public static String countedPhrase(SceneObject object, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count " + count + " is not positive");
    }
    if (count == 1) {
      return nounPhrase(object);
    }
    List<String> words = new ArrayList<>(object.attributes());
    words.add(plural(object.noun()));
    return number(count) + " " + String.join(" ", words);
  }

  /** "a small red circle to the left of a large blue square": a relation as a noun phrase. */
  public static String relationPhrase(SceneGraph graph, Relation relation) {
    return relationPhrase(
        graph.objects().get(relation.subject()), relation.predicate(), graph.objects().get(relation.object()));
  }

  /** A relation triple as a noun phrase, without a graph. */
  public static String relationPhrase(SceneObject subject, String predicate, SceneObject object) {
    return nounPhrase(subject) + " " + predicate + " " + nounPhrase(object);
  }

  /** "a small red circle is to the left of a large blue square": a relation as a sentence. */
  public static String relationSentence(SceneGraph graph, Relation relation) {
    return relationSentence(
        graph.objects().get(relation.subject()), relation.predicate(), graph.objects().get(relation.object()));
  }

  /** A relation triple as a sentence, without a graph. */
  public static String relationSentence(SceneObject subject, String predicate, SceneObject object) {
    return nounPhrase(subject) + " is " + predicate + " " + nounPhrase(object);
  }

  /**
   * Several relations of one subject as one sentence: "a small red circle is above a blue square
   * and to the left of a green triangle".
   *
   * @throws IllegalArgumentException if the relations are empty or do not share their subject
   */
  public static String relationsSentence(SceneGraph graph, List<Relation> relations) {
    if (relations.isEmpty()) {
      throw new IllegalArgumentException("no relations to write");
    }
    int subject = relations.get(0).subject();
    List<String> parts = new ArrayList<>(relations.size());
    for (Relation r : relations) {
      if (r.subject() != subject) {
        throw new IllegalArgumentException("relations of different subjects: " + relations);
      }
      parts.add(r.predicate() + " " + nounPhrase(graph.objects().get(r.object())));
    }
    return nounPhrase(graph.objects().get(subject)) + " is " + join(parts);
  }

  /** "a small red circle, a large blue square and a green triangle". */
  public static String list(List<SceneObject> objects) {
    requireSome(objects);
    return join(objects.stream().map(CaptionRealizer::nounPhrase).toList());
  }

  /** "there is a small red circle, a large blue square and a green triangle". */
  public static String existential(List<SceneObject> objects) {
    return "there is " + list(objects);
  }

  /**
   * Objects with the same description counted together, in order of first mention: "two red
   * circles and a blue square". Ids are ignored.
   */
  public static String countedList(List<SceneObject> objects) {
    requireSome(objects);
    List<String> phrases = new ArrayList<>();
    for (Map.Entry<SceneObject, Integer> group : groups(objects).entrySet()) {
      phrases.add(countedPhrase(group.getKey(), group.getValue()));
    }
    return join(phrases);
  }

  /**
   * "there are two red circles and a blue square", "there is a blue square and two red circles":
   * the verb agrees with the first conjunct, as in speech.
   */
  public static String countedExistential(List<SceneObject> objects) {
    requireSome(objects);
    int first = groups(objects).values().iterator().next();
    return (first == 1 ? "there is " : "there are ") + countedList(objects);
  }

  /**
   * The whole graph in one sentence: its first relation as a sentence, then the objects that
   * relation does not mention ("..., and there is a green triangle"); a graph without relations
   * becomes an existential.
   */
  public static String describe(SceneGraph graph) {
    requireSome(graph.objects());
    if (graph.relations().isEmpty()) {
      return existential(graph.objects());
    }
    Relation first = graph.relations().get(0);
    String sentence = relationSentence(graph, first);
    List<SceneObject> rest = new ArrayList<>();
    for (int i = 0; i < graph.objects().size(); i++) {
      if (i != first.subject() && i != first.object()) {
        rest.add(graph.objects().get(i));
      }
    }
    return rest.isEmpty() ? sentence : sentence + ", and " + existential(rest);
  }

  /**
   * "a" or "an" before {@code phrase}, by the sound of its first word: vowel letters take "an",
   * except words said with a leading consonant sound ("a unicorn", "a one", "a euro"); a silent h
   * takes "an" ("an hour"); numerals by how they are read ("an 8", "an 11", "a 7").
   */
  public static String article(String phrase) {
    String word = phrase.strip().toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      throw new IllegalArgumentException("no word to take an article");
    }
    char first = word.charAt(0);
    if (Character.isDigit(first)) {
      String digits = word.replaceAll("[^0-9].*$", "");
      boolean eight = first == '8';
      boolean elevenOrEighteen = (digits.length() == 2 || digits.length() == 5)
          && (digits.startsWith("11") || digits.startsWith("18"));
      return eight || elevenOrEighteen ? "an" : "a";
    }
    for (String start : VOWEL_SOUND_CONSONANT_STARTS) {
      if (word.startsWith(start)) {
        return "an";
      }
    }
    if ("aeiou".indexOf(first) < 0) {
      return "a";
    }
    for (String start : UN_PREFIXED_UNI) {
      if (word.startsWith(start) && !word.startsWith("unimod")) {
        return "an";
      }
    }
    for (String start : CONSONANT_SOUND_VOWEL_STARTS) {
      if (word.startsWith(start)) {
        return "a";
      }
    }
    return "an";
  }

  /** The plural of a noun (its last word if it has several): "circles", "crosses", "berries". */
  public static String plural(String noun) {
    int space = noun.lastIndexOf(' ');
    String head = noun.substring(space + 1);
    String lower = head.toLowerCase(Locale.ROOT);
    String plural;
    if (IRREGULAR_PLURALS.containsKey(lower)) {
      plural = IRREGULAR_PLURALS.get(lower);
    } else if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("z")
        || lower.endsWith("ch") || lower.endsWith("sh")) {
      plural = head + "es";
    } else if (lower.length() > 1 && lower.endsWith("y") && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
      plural = head.substring(0, head.length() - 1) + "ies";
    } else {
      plural = head + "s";
    }
    return noun.substring(0, space + 1) + plural;
  }

  /**
   * The singular of an irregular plural the realizer writes ("people" -> "person", "sheep" ->
   * "sheep"), or null if {@code word} is not one.
   */
  static @Nullable String irregularSingular(String word) {
    return IRREGULAR_SINGULARS.get(word.toLowerCase(Locale.ROOT));
  }

  /** "two" .. "ten", then digits. */
  static String number(int count) {
    return count < NUMBER_WORDS.size() ? NUMBER_WORDS.get(count) : Integer.toString(count);
  }

  /** "x", "x and y", "x, y and z". */
  static String join(List<String> phrases) {
    if (phrases.size() == 1) {
      return phrases.get(0);
    }
    return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.get(phrases.size() - 1);
  }

  private static Map<String, String> singulars() {
    Map<String, String> singulars = new HashMap<>();
    IRREGULAR_PLURALS.forEach((singular, plural) -> singulars.put(plural, singular));
    return Map.copyOf(singulars);
  }

  private static Map<SceneObject, Integer> groups(List<SceneObject> objects) {
    Map<SceneObject, Integer> groups = new LinkedHashMap<>();
    for (SceneObject o : objects) {
      groups.merge(o.withId(null), 1, Integer::sum);
    }
    return groups;
  }

  private static void requireSome(List<SceneObject> objects) {
    if (objects.isEmpty()) {
      throw new IllegalArgumentException("no objects to write");
    }
  }
}
