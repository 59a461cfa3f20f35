package org.unimo.tasks.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.unimo.graph.Embedder;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.scene.CaptionRealizer;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.Shapes;

/**
 * Compositional accuracy on held-out scenes: does the image score its true caption above a
 * distractor that differs in exactly one scene-graph element?
 *
 * <p>For each scene, one relation (subject, object) is drawn with a seeded stream and written as a
 * relation phrase, "a small red circle to the left of a large blue square". Three distractors are
 * built from the ground-truth graph, not by parsing: the subject's shape replaced (object), its
 * color replaced (attribute), each time by one that no object of the scene has with the other
 * words, so the distractor is false of the image; and the predicate replaced by its opposite
 * (relation), which the world's geometry makes false. The score of a kind is the share of scenes
 * whose true caption beats that kind's distractor.
 */
public final class CompositionalEvaluator {
  /** The kinds of distractor, in table order. */
  public static final List<SampleKind> KINDS = List.of(SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION);

  /** One scene's true caption and its distractors by kind. */
  public record Probe(String caption, Map<SampleKind, String> distractors) {}

  private final RetrievalEvaluator embedder;
  private final List<Probe> probes;

  public CompositionalEvaluator(RetrievalEvaluator embedder, List<Scene> scenes, long seed) {
    this.embedder = embedder;
    SplittableRandom random = new SplittableRandom(seed);
    List<Probe> built = new ArrayList<>();
    for (Scene scene : scenes) {
      built.add(probe(scene.graph(), random.split()));
    }
    this.probes = List.copyOf(built);
  }

  public List<Probe> probes() {
    return probes;
  }

  /** The three distractors of one scene's caption, each false of the scene. */
  static Probe probe(SceneGraph graph, SplittableRandom random) {
    int n = graph.objects().size();
    int subject = random.nextInt(n);
    int other = random.nextInt(n - 1);
    int object = other >= subject ? other + 1 : other;
    Relation relation = graph.relation(subject, object).orElseThrow();
    SceneObject s = graph.objects().get(subject);
    Map<SampleKind, String> distractors = new EnumMap<>(SampleKind.class);

    List<String> shapes = new ArrayList<>(Shapes.SHAPES);
    shapes.remove(s.noun());
    shapes.removeIf(shape -> describes(graph, s.withNoun(shape)));
    String shape = shapes.get(random.nextInt(shapes.size()));
    distractors.put(SampleKind.OBJECT, CaptionRealizer.relationPhrase(graph.withObject(subject, s.withNoun(shape)), relation));

    String color = color(s);
    List<String> colors = new ArrayList<>(Shapes.COLORS);
    colors.remove(color);
    colors.removeIf(c -> describes(graph, s.withAttribute(color, c)));
    String recolored = colors.get(random.nextInt(colors.size()));
    distractors.put(
        SampleKind.ATTRIBUTE,
        CaptionRealizer.relationPhrase(graph.withObject(subject, s.withAttribute(color, recolored)), relation));

    distractors.put(
        SampleKind.RELATION,
        CaptionRealizer.relationPhrase(graph, relation.withPredicate(opposite(relation.predicate()))));
    return new Probe(CaptionRealizer.relationPhrase(graph, relation), distractors);
  }

  private static boolean describes(SceneGraph graph, SceneObject candidate) {
    return graph.objects().stream().anyMatch(o -> o.description().equals(candidate.description()));
  }

  private static String color(SceneObject object) {
    return object.attributes().stream()
        .filter(Shapes.COLORS::contains)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(object.description() + " has no color"));
  }

  private static String opposite(String predicate) {
    int i = Shapes.PREDICATES.indexOf(predicate);
    if (i < 0) {
      throw new IllegalArgumentException("not a shapes-world predicate: " + predicate);
    }
    return Shapes.PREDICATES.get(i ^ 1); // left <-> right, above <-> below
  }

  /** The share of scenes whose true caption beats the distractor, by kind. */
  public Map<SampleKind, Double> evaluate(Embedder model) {
    float[][] images = embedder.imageEmbeddings(model);
    List<String> texts = new ArrayList<>();
    for (Probe probe : probes) {
      texts.add(probe.caption());
      KINDS.forEach(kind -> texts.add(probe.distractors().get(kind)));
    }
    float[][] embedded = embedder.textEmbeddings(model, texts);
    Map<SampleKind, Double> accuracy = new EnumMap<>(SampleKind.class);
    int stride = 1 + KINDS.size();
    for (int k = 0; k < KINDS.size(); k++) {
      int wins = 0;
      for (int p = 0; p < probes.size(); p++) {
        float truth = dot(images[p], embedded[p * stride]);
        float distractor = dot(images[p], embedded[p * stride + 1 + k]);
        if (truth > distractor) {
          wins++;
        }
      }
      accuracy.put(KINDS.get(k), wins / (double) probes.size());
    }
    return accuracy;
  }

  private static float dot(float[] a, float[] b) {
    float sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
