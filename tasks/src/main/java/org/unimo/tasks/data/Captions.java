package org.unimo.tasks.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.unimo.rewriting.scene.CaptionRealizer;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;

/**
 * The phrasings of a scene, written from its graph by {@link CaptionRealizer}. Caption {@code k}
 * always uses phrasing {@code k}; the random stream picks the objects and their order:
 *
 * <ol start="0">
 *   <li>relation phrase: "a small red circle to the left of a large blue square"
 *   <li>relation sentence: "a large blue square is to the right of a small red circle"
 *   <li>existential over all objects (at most 5) in random order: "there is a ..., a ... and a ..."
 *   <li>one subject, two relations: "a small red circle is above a blue square and to the left of
 *       a green triangle"; with two objects, the converse of phrasing 0 as a phrase
 *   <li>counted list of all objects (at most 5): "two small red circles and a large blue square"
 *   <li>"there is" + a relation phrase: "there is a small red circle below a large green cross"
 * </ol>
 *
 * Every phrasing names at least two objects with all their attributes and has at most 23 words;
 * the phrasings of one scene differ in form, so they are distinct.
 */
final class Captions {
  /** How many phrasings there are. */
  static final int PHRASINGS = 6;

  private static final int MAX_LISTED = 5;

  private Captions() {}

  /** The first {@code count} phrasings of {@code graph}, which has at least two objects. */
  static List<String> write(SceneGraph graph, int count, SplittableRandom random) {
    int n = graph.objects().size();
    if (n < 2) {
      throw new IllegalArgumentException("captions need two objects, the graph has " + n);
    }
    List<String> captions = new ArrayList<>(count);
    int[] first = pair(n, random);
    for (int k = 0; k < count; k++) {
      captions.add(
          switch (k) {
            case 0 -> CaptionRealizer.relationPhrase(graph, relation(graph, first[0], first[1]));
            case 1 -> {
              int[] p = pair(n, random);
              yield CaptionRealizer.relationSentence(graph, relation(graph, p[0], p[1]));
            }
            case 2 -> CaptionRealizer.existential(listed(graph, random));
            case 3 -> {
              if (n == 2) {
                yield CaptionRealizer.relationPhrase(graph, relation(graph, first[1], first[0]));
              }
              int[] order = permutation(n, random);
              yield CaptionRealizer.relationsSentence(
                  graph, List.of(relation(graph, order[0], order[1]), relation(graph, order[0], order[2])));
            }
            case 4 -> CaptionRealizer.countedList(listed(graph, random));
            case 5 -> {
              int[] p = pair(n, random);
              yield "there is " + CaptionRealizer.relationPhrase(graph, relation(graph, p[0], p[1]));
            }
            default -> throw new IllegalArgumentException("phrasing " + k + " of " + PHRASINGS);
          });
    }
    return captions;
  }

  private static Relation relation(SceneGraph graph, int subject, int object) {
    return graph.relation(subject, object)
        .orElseThrow(() -> new IllegalStateException("no relation " + subject + " -> " + object));
  }

  private static List<SceneObject> listed(SceneGraph graph, SplittableRandom random) {
    int[] order = permutation(graph.objects().size(), random);
    List<SceneObject> objects = new ArrayList<>();
    for (int i = 0; i < Math.min(MAX_LISTED, order.length); i++) {
      objects.add(graph.objects().get(order[i]));
    }
    return objects;
  }

  private static int[] pair(int n, SplittableRandom random) {
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    return new int[] {a, b >= a ? b + 1 : b};
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
