package org.unimo.rewriting.scene;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes scene-graph elements as English: noun phrases with the right article, relation phrases
 * and sentences, and lists of objects.
 *
 * <pre>{@code
 * nounPhrase(SceneObject.of("square", "orange"))            -> "an orange square"
 * relationPhrase(graph, new Relation(0, "above", 1))         -> "a small red circle above a blue square"
 * relationSentence(graph, new Relation(0, "above", 1))       -> "a small red circle is above a blue square"
 * existential(List.of(circle, square, triangle))             -> "there is a small red circle, a blue square and a green triangle"
 * }</pre>
 */
public final class CaptionRealizer {
  private CaptionRealizer() {}

  /** "a small red circle", "an orange square". */
  public static String nounPhrase(SceneObject object) {
    List<String> words = new ArrayList<>(object.attributes());
    words.add(object.noun());
    String phrase = String.join(" ", words);
    return article(phrase) + " " + phrase;
  }

  /** "a small red circle to the left of a large blue square". */
  public static String relationPhrase(SceneGraph graph, Relation relation) {
    return nounPhrase(graph.objects().get(relation.subject()))
        + " "
        + relation.predicate()
        + " "
        + nounPhrase(graph.objects().get(relation.object()));
  }

  /** "a small red circle is to the left of a large blue square". */
  public static String relationSentence(SceneGraph graph, Relation relation) {
    return nounPhrase(graph.objects().get(relation.subject()))
        + " is "
        + relation.predicate()
        + " "
        + nounPhrase(graph.objects().get(relation.object()));
  }

  /** "there is a small red circle, a large blue square and a green triangle". */
  public static String existential(List<SceneObject> objects) {
    return "there is " + list(objects);
  }

  /** "a small red circle, a large blue square and a green triangle". */
  public static String list(List<SceneObject> objects) {
    if (objects.isEmpty()) {
      throw new IllegalArgumentException("nothing to list");
    }
    List<String> phrases = objects.stream().map(CaptionRealizer::nounPhrase).toList();
    if (phrases.size() == 1) {
      return phrases.get(0);
    }
    return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.get(phrases.size() - 1);
  }

  /** "a" or "an", by the sound of the first letter (vowel letters; enough for this vocabulary). */
  static String article(String phrase) {
    char first = Character.toLowerCase(phrase.charAt(0));
    return "aeio".indexOf(first) >= 0 ? "an" : "a";
  }
}
