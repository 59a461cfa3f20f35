package org.unimo.rewriting.scene;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A caption with its scene graph and, for every element of the graph, the tokens it was read
 * from. Object {@code i} of {@link #graph()} was written at {@code objects().get(i)}, relation
 * {@code j} at {@code relations().get(j)}.
 *
 * <pre>{@code
 * ParsedCaption p = parser.parse("a man rides a brown horse");
 * p.graph()                                   // man, horse(brown); man -rides-> horse
 * p.rewrite(Map.of(p.objects().get(1).noun(), "cow"))   // "a man rides a brown cow"
 * }</pre>
 *
 * @param text the caption as given
 * @param tokens its words and punctuation marks, with character offsets into {@code text}
 * @param graph the objects and relations read from the caption
 * @param objects where each object of the graph was written
 * @param relations where each relation of the graph was written
 */
public record ParsedCaption(
    String text, List<Token> tokens, SceneGraph graph, List<ObjectMention> objects, List<RelationMention> relations) {
  public ParsedCaption {
    requireNonNull(text, "text");
    tokens = List.copyOf(tokens);
    requireNonNull(graph, "graph");
    objects = List.copyOf(objects);
    relations = List.copyOf(relations);
    if (objects.size() != graph.objects().size() || relations.size() != graph.relations().size()) {
      throw new IllegalArgumentException(
          "graph of " + graph.objects().size() + " objects and " + graph.relations().size() + " relations has "
              + objects.size() + " object and " + relations.size() + " relation mentions");
    }
  }

  /** The caption's text under {@code span}, as written. */
  public String textOf(Span span) {
    return text.substring(tokens.get(span.start()).start(), tokens.get(span.end() - 1).end());
  }

  /**
   * The caption with the text under each span replaced, everything else verbatim. A replacement
   * of text that starts with a capital letter is capitalized ("A" -> "An").
   *
   * @throws IllegalArgumentException if spans overlap or lie outside the caption
   */
  public String rewrite(Map<Span, String> replacements) {
    List<Map.Entry<Span, String>> edits = new ArrayList<>(replacements.entrySet());
    edits.sort(Comparator.comparingInt(e -> e.getKey().start()));
    StringBuilder out = new StringBuilder(text.length() + 16);
    int at = 0;
    int lastToken = 0;
    for (Map.Entry<Span, String> e : edits) {
      Span span = e.getKey();
      if (span.start() < lastToken || span.end() > tokens.size()) {
        throw new IllegalArgumentException(
            "span " + span + " overlaps another or lies outside " + tokens.size() + " tokens");
      }
      lastToken = span.end();
      int from = tokens.get(span.start()).start();
      out.append(text, at, from);
      String replacement = e.getValue();
      if (Character.isUpperCase(text.charAt(from)) && !replacement.isEmpty()) {
        replacement = Character.toUpperCase(replacement.charAt(0)) + replacement.substring(1);
      }
      out.append(replacement);
      at = tokens.get(span.end() - 1).end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /**
   * The graph with each counted object repeated as often as its phrase counts it ("two red
   * circles" becomes two red circles; an uncounted plural stays one object), relations copied to
   * every repetition. This is the graph {@link CaptionRealizer#countedList} started from.
   */
  public SceneGraph expandedGraph() {
    List<SceneObject> expanded = new ArrayList<>();
    List<List<Integer>> copies = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      List<Integer> indices = new ArrayList<>();
      for (int k = 0; k < Math.max(1, objects.get(i).count()); k++) {
        indices.add(expanded.size());
        expanded.add(graph.objects().get(i));
      }
      copies.add(indices);
    }
    List<Relation> relations = new ArrayList<>();
    for (Relation r : graph.relations()) {
      for (int s : copies.get(r.subject())) {
        for (int o : copies.get(r.object())) {
          relations.add(new Relation(s, r.predicate(), o));
        }
      }
    }
    return new SceneGraph(expanded, relations);
  }
}
