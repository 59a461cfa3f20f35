package org.unimo.tasks.data;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.scene.CaptionParser;
import org.unimo.rewriting.scene.CaptionRealizer;
import org.unimo.rewriting.scene.ParsedCaption;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneNegatives;
import org.unimo.rewriting.scene.SceneObject;
import org.unimo.rewriting.scene.SceneVocabulary;

/**
 * The shapes world's downstream tasks, made from the scene graphs: VQA questions with their
 * answer, and visual-entailment hypotheses with SNLI-VE's three labels. {@link
 * org.unimo.tasks.formats.ShapesWorldExport} writes them in VQA v2's and SNLI-VE's formats.
 *
 * <pre>{@code
 * ShapesWorldTasks tasks = ShapesWorldTasks.of(world); // the world's seed, default counts
 * List<ShapesWorldTasks.Question> questions = tasks.questions(world.train());
 * // "what color is the large circle?" -> "blue", "how many squares are there?" -> "2",
 * // "is the red circle to the left of the small blue square?" -> "no"
 * List<ShapesWorldTasks.Hypothesis> hypotheses = tasks.hypotheses(world.heldout());
 * // "a red circle is above a large square" (entailment), "there is a hot green cross" (neutral)
 * }</pre>
 *
 * <h2>Questions</h2>
 * Four {@link QuestionType}s, each answerable from the scene graph alone:
 *
 * <ul>
 *   <li>{@link QuestionType#COLOR color}: "what color is the circle?", "what color is the small
 *       circle?": asked of an object only when the shape, or the size and shape, name it alone in
 *       the scene (the shortest such description is used); answered with its color.
 *   <li>{@link QuestionType#SHAPE shape}: "what shape is the red object?", "what shape is the
 *       large red object?": likewise, named by its color, or size and color.
 *   <li>{@link QuestionType#COUNT count}: "how many red objects are there?", "how many circles
 *       are there?", "how many red circles are there?", for every color, shape and color with
 *       shape of the world (so "0" is an answer too); answered in digits, as in VQA.
 *   <li>{@link QuestionType#RELATION relation}: "is the red circle to the left of the small blue
 *       square?" with the world's predicates ({@link Shapes#PREDICATES}), both objects named by
 *       color and shape, or size, color and shape, whichever names each alone; answered "yes"
 *       when the graph has that predicate from the first to the second, else "no".
 * </ul>
 *
 * <p>A scene gets up to {@link #questionsPerScene()} distinct questions; the types take turns from
 * a per-scene start, and a type the scene cannot ask (no object named alone) yields to the next.
 * <b>Answers are balanced</b> over the scenes of one call: for each question, the answer is
 * chosen first, the one given least often so far for its type among the answers the scene can
 * give (ties drawn at random), then a question with that answer. So "yes" and "no" alternate,
 * colors and shapes come out about uniform, and counts as even as the scenes allow; the majority
 * answer of a type predicts little ({@code ShapesWorldTasksTest} prints how little).
 *
 * <h2>Hypotheses</h2>
 * Each hypothesis starts from a statement true of the scene, in one of three forms chosen
 * uniformly: a relation sentence ("a small red circle is above a blue square"), "there is" with a
 * relation phrase ("there is a circle to the left of a green cross"), or an existential over one
 * or two objects ("there is a red circle and a large square"). Objects are drawn from the scene
 * and relations are the graph's; each object keeps its shape, its color with probability 3/4 and
 * its size with probability 1/2, so a statement may say less than the scene shows. Then, by
 * label:
 *
 * <ul>
 *   <li><b>entailment</b>: the statement itself.
 *   <li><b>contradiction</b>: the statement with one object (shape), attribute (size or color) or
 *       relation (predicate) replaced by the project's CMCL rewriter, {@link SceneNegatives}, and
 *       kept only when it is false of the scene: no assignment of the statement's objects to
 *       distinct objects of the scene matches every shape, attribute and relation it states. The
 *       three kinds take turns (the least used first).
 *   <li><b>neutral</b>: the statement with one object given a property the world does not
 *       render, one of {@link #UNRENDERED} ("a small heavy red circle is above a blue square"). The
 *       image shows shapes, flat colors, sizes and places; weight, temperature, magnetism and
 *       spin leave no trace in its pixels (a still image shows no motion), so it can neither
 *       confirm nor deny the statement while the rest of it is true.
 * </ul>
 *
 * <p>So that the unrendered words do not give the label away, half the contradictions carry one
 * too ("a heavy red circle is below a blue square" is false whatever the circle weighs): a
 * hypothesis with such a word is neutral about 2 times in 3, one without is entailment about 2
 * times in 3, so the word alone predicts the label 2 times in 3 rather than always.
 * Every hypothesis is checked to parse back ({@link CaptionParser}) to the graph it was written
 * from. Labels are balanced like answers: each hypothesis takes the label used least so far in
 * the call; a scene gets up to {@link #hypothesesPerScene()} distinct hypotheses.
 *
 * <h2>Scene to caption</h2>
 * A text-to-text task for generation heads: {@link #sceneCaptions} pairs each scene's graph,
 * written as plain text by {@link #sceneText}, with its captions:
 *
 * <pre>
 * large blue square ; small red circle ; large blue square above small red circle
 *     -> "a small red circle below a large blue square"
 * </pre>
 *
 * It draws nothing at random: the sources follow from the graphs, the targets are the scenes'
 * own captions (which the world's seed fixed).
 *
 * <h2>Determinism</h2>
 * Everything follows from the seed, the counts and the scenes in order: each scene draws from its
 * own stream, seeded from (seed, task, scene id), and the balancing tallies run over the scenes
 * of one call in list order. Thread-safe.
 */
public final class ShapesWorldTasks {
  public static final int DEFAULT_QUESTIONS_PER_SCENE = 4;
  public static final int DEFAULT_HYPOTHESES_PER_SCENE = 3;

  /** Most questions or hypotheses per scene. */
  public static final int MAX_PER_SCENE = 32;

  /**
   * Properties the shapes world does not render, which neutral hypotheses (and half the
   * contradictions) attach to an object: "a heavy red circle".
   */
  public static final List<String> UNRENDERED = List.of("heavy", "hot", "cold", "magnetic", "spinning");

  private static final long QUESTION_STREAM = 1;
  private static final long HYPOTHESIS_STREAM = 2;

  /** Statements drawn for one hypothesis before the scene is given up on for that label. */
  private static final int ATTEMPTS = 20;

  /** Rewrites asked of the rewriter per kind; the first false one is kept. */
  private static final int REWRITES_PER_KIND = 8;

  private static final List<SampleKind> CONTRADICTION_KINDS =
      List.of(SampleKind.OBJECT, SampleKind.ATTRIBUTE, SampleKind.RELATION);

  /** A kind of question, with the fields VQA v2's annotations give it. */
  public enum QuestionType {
    /** "what color is the small circle?" */
    COLOR("what color is the", "other"),
    /** "what shape is the red object?" */
    SHAPE("what shape is the", "other"),
    /** "how many red circles are there?" */
    COUNT("how many", "number"),
    /** "is the red circle to the left of the blue square?" */
    RELATION("is the", "yes/no");

    private final String questionType;
    private final String answerType;

    QuestionType(String questionType, String answerType) {
      this.questionType = questionType;
      this.answerType = answerType;
    }

    /** VQA's {@code question_type}, the question's first words: {@code "what color is the"}. */
    public String questionType() {
      return questionType;
    }

    /** VQA's {@code answer_type}: {@code "other"}, {@code "number"} or {@code "yes/no"}. */
    public String answerType() {
      return answerType;
    }
  }

  /**
   * One question about a scene.
   *
   * @param sceneId the scene's id, which keys its regions
   * @param type what the question asks
   * @param question lower case, ending in "?": "what color is the small circle?"
   * @param answer the one right answer: a color, a shape, digits ("0", "2") or "yes"/"no"
   */
  public record Question(String sceneId, QuestionType type, String question, String answer) {
    public Question {
      requireNonNull(sceneId, "sceneId");
      requireNonNull(type, "type");
      requireNonNull(question, "question");
      requireNonNull(answer, "answer");
    }
  }

  /** SNLI-VE's labels, in its index order. */
  public enum Label {
    ENTAILMENT,
    NEUTRAL,
    CONTRADICTION;

    /** The {@code gold_label}: {@code "entailment"}, {@code "neutral"} or {@code "contradiction"}. */
    public String goldLabel() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One hypothesis about a scene.
   *
   * @param sceneId the scene's id, which keys its regions
   * @param text lower case, without final punctuation, like the captions
   * @param label what the image says about it
   * @param source how it was made: {@code "true of the scene"}, {@code "unrendered: heavy"},
   *     {@code "relation: above -> below"}, {@code "attribute: red -> blue, unrendered: hot"}
   */
  public record Hypothesis(String sceneId, String text, Label label, String source) {
    public Hypothesis {
      requireNonNull(sceneId, "sceneId");
      requireNonNull(text, "text");
      requireNonNull(label, "label");
      requireNonNull(source, "source");
    }
  }

  /**
   * One example of the scene-to-caption task.
   *
   * @param sceneId the scene's id, which keys its regions
   * @param source the scene's graph as {@link #sceneText} writes it
   * @param target one of the scene's captions, as the world wrote it
   */
  public record SceneCaption(String sceneId, String source, String target) {
    public SceneCaption {
      requireNonNull(sceneId, "sceneId");
      requireNonNull(source, "source");
      requireNonNull(target, "target");
    }
  }

  /** Between the items of {@link #sceneText}: objects, then relations. */
  public static final String SCENE_TEXT_SEPARATOR = " ; ";

  private final long seed;
  private final int questionsPerScene;
  private final int hypothesesPerScene;

  private ShapesWorldTasks(Builder b) {
    this.seed = b.seed;
    this.questionsPerScene = b.questionsPerScene;
    this.hypothesesPerScene = b.hypothesesPerScene;
  }

  /** The tasks of {@code world}: its seed, the default counts. */
  public static ShapesWorldTasks of(ShapesWorldData world) {
    return builder().seed(world.config().seed()).build();
  }

  /** A builder with seed 0 and the default counts. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().seed(seed).questionsPerScene(questionsPerScene).hypothesesPerScene(hypothesesPerScene);
  }

  public long seed() {
    return seed;
  }

  /** The most questions a scene gets (fewer when it offers fewer distinct ones). */
  public int questionsPerScene() {
    return questionsPerScene;
  }

  /** The most hypotheses a scene gets (fewer when it offers fewer distinct ones). */
  public int hypothesesPerScene() {
    return hypothesesPerScene;
  }

  /** Questions about {@code scenes}, scene by scene, answers balanced over the list. */
  public List<Question> questions(List<Scene> scenes) {
    List<QuestionType> types = List.of(QuestionType.values());
    Map<QuestionType, Map<String, Integer>> tallies = new EnumMap<>(QuestionType.class);
    List<Question> questions = new ArrayList<>();
    for (Scene scene : scenes) {
      SplittableRandom random = stream(QUESTION_STREAM, scene.id());
      Set<String> asked = new HashSet<>();
      int start = random.nextInt(types.size());
      for (int k = 0; k < questionsPerScene; k++) {
        for (int t = 0; t < types.size(); t++) {
          QuestionType type = types.get((start + k + t) % types.size());
          Map<String, List<String>> byAnswer = candidates(type, scene.graph());
          byAnswer.values().forEach(texts -> texts.removeIf(asked::contains));
          byAnswer.values().removeIf(List::isEmpty);
          if (byAnswer.isEmpty()) {
            continue;
          }
          Map<String, Integer> tally = tallies.computeIfAbsent(type, x -> new TreeMap<>());
          String answer = leastUsed(List.copyOf(byAnswer.keySet()), tally, random);
          List<String> texts = byAnswer.get(answer);
          String question = texts.get(random.nextInt(texts.size()));
          asked.add(question);
          tally.merge(answer, 1, Integer::sum);
          questions.add(new Question(scene.id(), type, question, answer));
          break;
        }
      }
    }
    return List.copyOf(questions);
  }

  /**
   * Hypotheses about {@code scenes}, scene by scene, labels balanced over the list. Loads WordNet
   * for the parser the first time in a process (a few seconds).
   */
  public List<Hypothesis> hypotheses(List<Scene> scenes) {
    Rewriter rewriter = new Rewriter();
    Map<Label, Integer> labels = new TreeMap<>();
    Map<SampleKind, Integer> kinds = new TreeMap<>();
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (Scene scene : scenes) {
      SplittableRandom random = stream(HYPOTHESIS_STREAM, scene.id());
      Set<String> written = new HashSet<>();
      for (int k = 0; k < hypothesesPerScene; k++) {
        List<Label> order = new ArrayList<>(List.of(Label.values()));
        Hypothesis hypothesis = null;
        while (hypothesis == null && !order.isEmpty()) {
          Label label = leastUsed(order, labels, random);
          order.remove(label);
          hypothesis = hypothesis(scene, label, random, rewriter, kinds, written);
        }
        if (hypothesis != null) {
          labels.merge(hypothesis.label(), 1, Integer::sum);
          hypotheses.add(hypothesis);
        }
      }
    }
    return List.copyOf(hypotheses);
  }

  /**
   * The scene-to-caption examples of {@code scenes}: for each scene in order, up to {@code
   * perScene} of its captions in the scene's order, each with the scene's {@link #sceneText}.
   * {@code Integer.MAX_VALUE} gives every caption (the export's training files), 1 the first (its
   * validation and test files: one example per scene). A scene without captions gives none.
   *
   * @throws IllegalArgumentException if {@code perScene < 1}
   */
  public static List<SceneCaption> sceneCaptions(List<Scene> scenes, int perScene) {
    if (perScene < 1) {
      throw new IllegalArgumentException("perScene: " + perScene + " is not at least 1");
    }
    List<SceneCaption> examples = new ArrayList<>();
    for (Scene scene : scenes) {
      String source = sceneText(scene.graph());
      for (String caption : scene.captions().subList(0, Math.min(perScene, scene.captions().size()))) {
        examples.add(new SceneCaption(scene.id(), source, caption));
      }
    }
    return List.copyOf(examples);
  }

  /**
   * A scene graph as one line of plain text: first every object, then one relation per pair of
   * objects, the items joined by {@value #SCENE_TEXT_SEPARATOR}.
   *
   * <ul>
   *   <li>An object is its description, attributes before the noun as the captions write them:
   *       "small red circle". Objects come sorted by description (as strings: "large blue square"
   *       before "small red circle"); objects with the same description keep the graph's order.
   *       So a graph gives the same text whatever order its objects were drawn in, up to
   *       identical objects.
   *   <li>A relation is "subject predicate object" with the objects' descriptions and the graph's
   *       predicate, as the captions word it: "large blue square above small red circle". Each
   *       pair of objects appears once, from the earlier object in the sorted order to the later
   *       one (pairs in that order too: first object with each later one, then the second...), with the graph's relation in that direction (the other direction's when the graph
   *       has only that one, written from it; none when the graph relates them neither way). The
   *       shapes world relates every ordered pair and the converse follows ("left of" / "right
   *       of", "above" / "below"), so a caption stating "small red circle below large blue
   *       square" is the inverse of the line's relation.
   * </ul>
   *
   * <p>A scene of n objects gives n + n(n-1)/2 items: 3 for two objects, 15 for five.
   *
   * <pre>{@code
   * sceneText(graph)  // "large blue square ; small red circle ; large blue square above small red circle"
   * }</pre>
   */
  public static String sceneText(SceneGraph graph) {
    List<SceneObject> objects = graph.objects();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      order.add(i);
    }
    // List.sort is stable: identical descriptions keep the graph's order.
    order.sort((a, b) -> objects.get(a).description().compareTo(objects.get(b).description()));
    List<String> items = new ArrayList<>();
    for (int i : order) {
      items.add(objects.get(i).description());
    }
    for (int x = 0; x < order.size(); x++) {
      for (int y = x + 1; y < order.size(); y++) {
        int a = order.get(x);
        int b = order.get(y);
        Optional<Relation> forward = graph.relation(a, b);
        Optional<Relation> backward = graph.relation(b, a);
        if (forward.isPresent()) {
          items.add(objects.get(a).description() + " " + forward.get().predicate() + " " + objects.get(b).description());
        } else if (backward.isPresent()) {
          items.add(objects.get(b).description() + " " + backward.get().predicate() + " " + objects.get(a).description());
        }
      }
    }
    return String.join(SCENE_TEXT_SEPARATOR, items);
  }

  // ---- questions ----

  /** Every question of {@code type} the graph can answer, by answer (sorted), in graph order. */
  private static Map<String, List<String>> candidates(QuestionType type, SceneGraph graph) {
    Map<String, List<String>> byAnswer = new TreeMap<>();
    List<SceneObject> objects = graph.objects();
    switch (type) {
      case COLOR -> {
        for (int i = 0; i < objects.size(); i++) {
          SceneObject o = objects.get(i);
          String named = uniqueName(graph, i, List.of(List.of(o.noun()), List.of(size(o), o.noun())));
          if (named != null) {
            add(byAnswer, color(o), "what color is the " + named + "?");
          }
        }
      }
      case SHAPE -> {
        for (int i = 0; i < objects.size(); i++) {
          SceneObject o = objects.get(i);
          String named = uniqueName(graph, i, List.of(List.of(color(o)), List.of(size(o), color(o))));
          if (named != null) {
            add(byAnswer, o.noun(), "what shape is the " + named + " object?");
          }
        }
      }
      case COUNT -> {
        for (String color : Shapes.COLORS) {
          add(byAnswer, count(graph, null, color), "how many " + color + " objects are there?");
        }
        for (String shape : Shapes.SHAPES) {
          add(byAnswer, count(graph, shape, null), "how many " + CaptionRealizer.plural(shape) + " are there?");
        }
        for (String color : Shapes.COLORS) {
          for (String shape : Shapes.SHAPES) {
            add(byAnswer, count(graph, shape, color), "how many " + color + " " + CaptionRealizer.plural(shape) + " are there?");
          }
        }
      }
      case RELATION -> {
        List<@Nullable String> names = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
          SceneObject o = objects.get(i);
          names.add(uniqueName(graph, i, List.of(List.of(color(o), o.noun()), List.of(size(o), color(o), o.noun()))));
        }
        for (Relation r : graph.relations()) {
          String subject = names.get(r.subject());
          String object = names.get(r.object());
          if (subject == null || object == null) {
            continue;
          }
          for (String predicate : Shapes.PREDICATES) {
            add(byAnswer, predicate.equals(r.predicate()) ? "yes" : "no", "is the " + subject + " " + predicate + " the " + object + "?");
          }
        }
      }
    }
    return byAnswer;
  }

  private static void add(Map<String, List<String>> byAnswer, String answer, String question) {
    byAnswer.computeIfAbsent(answer, a -> new ArrayList<>()).add(question);
  }

  /**
   * The first of {@code names} (words of which the last may be the noun) that describes object
   * {@code index} and no other object of the graph, or null.
   */
  private static @Nullable String uniqueName(SceneGraph graph, int index, List<List<String>> names) {
    for (List<String> words : names) {
      int matches = 0;
      for (SceneObject o : graph.objects()) {
        if (named(o, words)) {
          matches++;
        }
      }
      if (matches == 1 && named(graph.objects().get(index), words)) {
        return String.join(" ", words);
      }
    }
    return null;
  }

  /** Whether every word is the object's noun or one of its attributes. */
  private static boolean named(SceneObject o, List<String> words) {
    for (String word : words) {
      if (!word.equals(o.noun()) && !o.attributes().contains(word)) {
        return false;
      }
    }
    return true;
  }

  private static String count(SceneGraph graph, @Nullable String shape, @Nullable String color) {
    int n = 0;
    for (SceneObject o : graph.objects()) {
      if ((shape == null || o.noun().equals(shape)) && (color == null || o.attributes().contains(color))) {
        n++;
      }
    }
    return Integer.toString(n);
  }

  private static String color(SceneObject o) {
    return attribute(o, Shapes.COLORS);
  }

  private static String size(SceneObject o) {
    return attribute(o, Shapes.SIZES);
  }

  private static String attribute(SceneObject o, List<String> values) {
    for (String a : o.attributes()) {
      if (values.contains(a)) {
        return a;
      }
    }
    throw new IllegalArgumentException(o.description() + " has none of " + values + ": not a shapes-world object");
  }

  /** The key used least so far (ties drawn from {@code random}); keys in a fixed order. */
  private static <K> K leastUsed(List<K> keys, Map<K, Integer> tally, SplittableRandom random) {
    int least = Integer.MAX_VALUE;
    List<K> tied = new ArrayList<>();
    for (K key : keys) {
      int n = tally.getOrDefault(key, 0);
      if (n < least) {
        least = n;
        tied.clear();
      }
      if (n == least) {
        tied.add(key);
      }
    }
    return tied.get(random.nextInt(tied.size()));
  }

  // ---- hypotheses ----

  private enum Form {
    RELATION_SENTENCE,
    THERE_IS_RELATION,
    EXISTENTIAL
  }

  /** A statement: its form and the graph it writes (objects in order of mention). */
  private record Statement(Form form, SceneGraph graph) {
    String text() {
      return switch (form) {
        case RELATION_SENTENCE -> CaptionRealizer.relationSentence(graph, graph.relations().get(0));
        case THERE_IS_RELATION -> "there is " + CaptionRealizer.relationPhrase(graph, graph.relations().get(0));
        case EXISTENTIAL -> CaptionRealizer.existential(graph.objects());
      };
    }

    /**
     * The same statement with {@code property} among the attributes of object {@code index},
     * after its size if it has one: "a small heavy red circle", "a hot square".
     */
    Statement withProperty(int index, String property) {
      SceneObject o = graph.objects().get(index);
      List<String> attributes = new ArrayList<>(o.attributes());
      attributes.add(Shapes.SIZES.contains(attributes.isEmpty() ? "" : attributes.get(0)) ? 1 : 0, property);
      return new Statement(form, graph.withObject(index, o.withAttributes(attributes)));
    }
  }

  private @Nullable Hypothesis hypothesis(
      Scene scene, Label label, SplittableRandom random, Rewriter rewriter, Map<SampleKind, Integer> kinds, Set<String> written) {
    SceneGraph graph = scene.graph();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Statement statement = statement(graph, random);
      if (statement == null) {
        continue;
      }
      if (!holds(statement.graph(), graph)) {
        throw new IllegalStateException(scene.id() + ": the statement \"" + statement.text() + "\" is not true of its scene");
      }
      String property = UNRENDERED.get(random.nextInt(UNRENDERED.size()));
      int object = random.nextInt(statement.graph().objects().size());
      @Nullable String text;
      String source;
      switch (label) {
        case ENTAILMENT -> {
          text = rewriter.checked(statement);
          source = "true of the scene";
        }
        case NEUTRAL -> {
          text = rewriter.checked(statement.withProperty(object, property));
          source = "unrendered: " + property;
        }
        case CONTRADICTION -> {
          boolean withProperty = random.nextBoolean();
          String base = rewriter.checked(withProperty ? statement.withProperty(object, property) : statement);
          Sample rewrite = base == null ? null : rewriter.falseRewrite(base, graph, kinds, random);
          text = rewrite == null ? null : rewrite.value();
          source = rewrite == null ? "" : rewrite.kind().label() + ": " + rewrite.source() + (withProperty ? ", unrendered: " + property : "");
          if (rewrite != null) {
            kinds.merge(rewrite.kind(), 1, Integer::sum);
          }
        }
        default -> throw new AssertionError(label);
      }
      if (text != null && written.add(text)) {
        return new Hypothesis(scene.id(), text, label, source);
      }
    }
    return null;
  }

  /** A statement true of {@code graph}, or null when the draw gives two objects the same words. */
  private static @Nullable Statement statement(SceneGraph graph, SplittableRandom random) {
    int n = graph.objects().size();
    Form form = Form.values()[random.nextInt(Form.values().length)];
    int a = random.nextInt(n);
    int other = random.nextInt(n - 1);
    int b = other >= a ? other + 1 : other;
    SceneObject first = described(graph.objects().get(a), random);
    SceneObject second = described(graph.objects().get(b), random);
    if (form == Form.EXISTENTIAL) {
      if (random.nextBoolean()) {
        return new Statement(form, SceneGraph.of(List.of(first)));
      }
      return first.equals(second) ? null : new Statement(form, SceneGraph.of(List.of(first, second)));
    }
    Relation relation = graph.relation(a, b).orElseThrow(() -> new IllegalStateException("no relation " + a + " -> " + b));
    return new Statement(form, new SceneGraph(List.of(first, second), List.of(new Relation(0, relation.predicate(), 1))));
  }

  /** The object's shape, its color 3 times in 4, its size every other time; no id. */
  private static SceneObject described(SceneObject o, SplittableRandom random) {
    boolean size = random.nextInt(2) == 0;
    boolean color = random.nextInt(4) != 0;
    List<String> attributes = new ArrayList<>();
    if (size) {
      attributes.add(size(o));
    }
    if (color) {
      attributes.add(color(o));
    }
    return new SceneObject(o.noun(), attributes);
  }

  /**
   * Whether {@code statement} is true of {@code scene}: its objects can be matched to distinct
   * objects of the scene of the same shape that have every attribute it states (unrendered ones
   * aside), so that every relation it states is the scene's between the matched objects.
   */
  static boolean holds(SceneGraph statement, SceneGraph scene) {
    return match(statement, scene, 0, new int[statement.objects().size()], new boolean[scene.objects().size()]);
  }

  private static boolean match(SceneGraph statement, SceneGraph scene, int next, int[] to, boolean[] used) {
    if (next == to.length) {
      for (Relation r : statement.relations()) {
        Optional<Relation> actual = scene.relation(to[r.subject()], to[r.object()]);
        if (actual.isEmpty() || !actual.get().predicate().equals(r.predicate())) {
          return false;
        }
      }
      return true;
    }
    SceneObject wanted = statement.objects().get(next);
    for (int o = 0; o < used.length; o++) {
      SceneObject candidate = scene.objects().get(o);
      if (used[o] || !candidate.noun().equals(wanted.noun())) {
        continue;
      }
      boolean attributes = true;
      for (String a : wanted.attributes()) {
        attributes &= UNRENDERED.contains(a) || candidate.attributes().contains(a);
      }
      if (attributes) {
        used[o] = true;
        to[next] = o;
        if (match(statement, scene, next + 1, to, used)) {
          return true;
        }
        used[o] = false;
      }
    }
    return false;
  }

  /** The parser and the rewriter over the world's vocabulary, for one call. */
  private static final class Rewriter {
    private final CaptionParser parser = CaptionParser.create();
    private final SceneNegatives negatives = SceneNegatives.of(parser, vocabulary(parser));

    /** Every shape, size, color and predicate of the world, as the statements use them. */
    private static SceneVocabulary vocabulary(CaptionParser parser) {
      SceneVocabulary.Builder vocabulary = SceneVocabulary.builder();
      int s = Shapes.SHAPES.size();
      int c = Shapes.COLORS.size();
      int z = Shapes.SIZES.size();
      for (int shape = 0; shape < s; shape++) {
        for (int color = 0; color < c; color++) {
          for (int size = 0; size < z; size++) {
            SceneObject a = SceneObject.of(Shapes.SHAPES.get(shape), Shapes.SIZES.get(size), Shapes.COLORS.get(color));
            SceneObject b = SceneObject.of(Shapes.SHAPES.get((shape + 1) % s), Shapes.COLORS.get((color + 1) % c));
            String predicate = Shapes.PREDICATES.get((shape + color + size) % Shapes.PREDICATES.size());
            vocabulary.add(parser.parse(CaptionRealizer.relationSentence(a, predicate, b)));
            vocabulary.add(parser.parse("there is " + CaptionRealizer.relationPhrase(b, predicate, a)));
            vocabulary.add(parser.parse(CaptionRealizer.existential(List.of(a))));
          }
        }
      }
      return vocabulary.build();
    }

    /** The statement's text if it parses back to its graph, else null (not used then). */
    @Nullable String checked(Statement statement) {
      String text = statement.text();
      return parser.parse(text).graph().equals(statement.graph()) ? text : null;
    }

    /**
     * A rewrite of {@code text} that is false of {@code scene}, trying the least used kind first,
     * or null when no rewrite the rewriter offers is false.
     */
    @Nullable Sample falseRewrite(String text, SceneGraph scene, Map<SampleKind, Integer> used, SplittableRandom random) {
      ParsedCaption parsed = parser.parse(text);
      List<SampleKind> kinds = new ArrayList<>(CONTRADICTION_KINDS);
      while (!kinds.isEmpty()) {
        SampleKind kind = leastUsed(kinds, used, random);
        kinds.remove(kind);
        for (Sample rewrite : negatives.negatives(parsed, kind, REWRITES_PER_KIND, random.nextLong())) {
          if (!holds(parser.parse(rewrite.value()).graph(), scene)) {
            return rewrite;
          }
        }
      }
      return null;
    }
  }

  /** The stream of one scene for one task: SplitMix64 over the seed, the task and the scene id. */
  private SplittableRandom stream(long task, String sceneId) {
    long hash = 0xCBF29CE484222325L; // FNV-1a over the id's characters
    for (int i = 0; i < sceneId.length(); i++) {
      hash = (hash ^ sceneId.charAt(i)) * 0x100000001B3L;
    }
    long z = ShapesWorld.mix(seed + 0x9E3779B97F4A7C15L * task);
    return new SplittableRandom(ShapesWorld.mix(z ^ hash));
  }

  /** Builds {@link ShapesWorldTasks}; unset fields keep their defaults (seed 0). */
  public static final class Builder {
    private long seed;
    private int questionsPerScene = DEFAULT_QUESTIONS_PER_SCENE;
    private int hypothesesPerScene = DEFAULT_HYPOTHESES_PER_SCENE;

    private Builder() {}

    /** Fixes every question and hypothesis; {@link ShapesWorldTasks#of} takes the world's. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Questions per scene, 0..{@value ShapesWorldTasks#MAX_PER_SCENE} (default 4). */
    public Builder questionsPerScene(int value) {
      questionsPerScene = perScene("questionsPerScene", value);
      return this;
    }

    /** Hypotheses per scene, 0..{@value ShapesWorldTasks#MAX_PER_SCENE} (default 3). */
    public Builder hypothesesPerScene(int value) {
      hypothesesPerScene = perScene("hypothesesPerScene", value);
      return this;
    }

    public ShapesWorldTasks build() {
      return new ShapesWorldTasks(this);
    }

    private static int perScene(String name, int value) {
      if (value < 0 || value > MAX_PER_SCENE) {
        throw new IllegalArgumentException(name + ": " + value + " is not in 0.." + MAX_PER_SCENE);
      }
      return value;
    }
  }
}
