package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.scene.CaptionParser;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;
import org.unimo.tasks.data.ShapesWorldTasks.Hypothesis;
import org.unimo.tasks.data.ShapesWorldTasks.Label;
import org.unimo.tasks.data.ShapesWorldTasks.Question;
import org.unimo.tasks.data.ShapesWorldTasks.QuestionType;

/**
 * The questions' answers and the hypotheses' labels, recomputed here from the scene graphs without
 * the generator's code: the questions read back with patterns, the hypotheses with the caption
 * parser. And how balanced they are.
 */
class ShapesWorldTasksTest {
  /** Written out again rather than taken from the class under test. */
  private static final Set<String> UNRENDERED = Set.of("heavy", "hot", "cold", "magnetic", "spinning");

  private static final Pattern COLOR = Pattern.compile("what color is the ([a-z ]+)\\?");
  private static final Pattern SHAPE = Pattern.compile("what shape is the ([a-z ]+) object\\?");
  private static final Pattern COUNT = Pattern.compile("how many ([a-z ]+) are there\\?");
  private static final Pattern RELATION =
      Pattern.compile("is the ([a-z ]+?) (to the left of|to the right of|above|below) the ([a-z ]+)\\?");

  private static ShapesWorldData world;
  private static ShapesWorldTasks tasks;
  private static List<Question> trainQuestions;
  private static List<Question> heldoutQuestions;
  private static List<Hypothesis> hypotheses;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder()
                .seed(11)
                .trainScenes(400)
                .heldoutScenes(100)
                .imageOnlyScenes(0)
                .textScenes(0)
                .wordNetGlosses(0)
                .imageSize(64)
                .build());
    tasks = ShapesWorldTasks.of(world);
    trainQuestions = tasks.questions(world.train());
    heldoutQuestions = tasks.questions(world.heldout());
    hypotheses = tasks.hypotheses(world.train());
  }

  private static Map<String, Scene> scenes() {
    Map<String, Scene> byId = new TreeMap<>();
    world.train().forEach(s -> byId.put(s.id(), s));
    world.heldout().forEach(s -> byId.put(s.id(), s));
    return byId;
  }

  @Test
  void everyAnswerIsTheSceneGraphs() {
    Map<String, Scene> scenes = scenes();
    List<Question> all = new ArrayList<>(trainQuestions);
    all.addAll(heldoutQuestions);
    for (Question q : all) {
      SceneGraph graph = scenes.get(q.sceneId()).graph();
      assertThat(answer(q, graph)).as(q.sceneId() + ": " + q.question()).isEqualTo(q.answer());
    }
    assertThat(all).extracting(Question::type).contains(QuestionType.values());
  }

  /** The answer from the graph, for the question as written. */
  private static String answer(Question q, SceneGraph graph) {
    Matcher m;
    switch (q.type()) {
      case COLOR -> {
        assertThat(m = COLOR.matcher(q.question())).matches();
        SceneObject o = graph.objects().get(theOne(graph, m.group(1)));
        return o.attributes().stream().filter(Shapes.COLORS::contains).findFirst().orElseThrow();
      }
      case SHAPE -> {
        assertThat(m = SHAPE.matcher(q.question())).matches();
        return graph.objects().get(theOne(graph, m.group(1))).noun();
      }
      case COUNT -> {
        assertThat(m = COUNT.matcher(q.question())).matches();
        List<String> words = new ArrayList<>(List.of(m.group(1).split(" ")));
        String plural = words.remove(words.size() - 1);
        String noun = plural.equals("objects") ? null : plural.endsWith("sses") ? plural.substring(0, plural.length() - 2) : plural.substring(0, plural.length() - 1);
        long n =
            graph.objects().stream()
                .filter(o -> (noun == null || o.noun().equals(noun)) && o.attributes().containsAll(words))
                .count();
        return Long.toString(n);
      }
      case RELATION -> {
        assertThat(m = RELATION.matcher(q.question())).matches();
        int a = theOne(graph, m.group(1));
        int b = theOne(graph, m.group(3));
        return graph.relation(a, b).orElseThrow().predicate().equals(m.group(2)) ? "yes" : "no";
      }
      default -> throw new AssertionError(q.type());
    }
  }

  /** The index of the one object the words describe; fails if they describe none or several. */
  private static int theOne(SceneGraph graph, String description) {
    List<String> words = List.of(description.split(" "));
    List<Integer> matching = new ArrayList<>();
    for (int i = 0; i < graph.objects().size(); i++) {
      SceneObject o = graph.objects().get(i);
      Set<String> known = new HashSet<>(o.attributes());
      known.add(o.noun());
      if (known.containsAll(words)) {
        matching.add(i);
      }
    }
    assertThat(matching).as("objects described by \"" + description + "\" in " + graph.objects()).hasSize(1);
    return matching.get(0);
  }

  @Test
  void theMajorityAnswerOfATypePredictsLittle() {
    Map<QuestionType, Map<String, Integer>> train = counts(trainQuestions);
    Map<QuestionType, Map<String, Integer>> heldout = counts(heldoutQuestions);
    StringBuilder report = new StringBuilder("VQA, " + trainQuestions.size() + " questions on " + world.train().size() + " training scenes, "
        + heldoutQuestions.size() + " on " + world.heldout().size() + " held-out scenes:\n");
    int trainRight = 0;
    int heldoutRight = 0;
    for (QuestionType type : QuestionType.values()) {
      Map<String, Integer> answers = train.get(type);
      int total = answers.values().stream().mapToInt(Integer::intValue).sum();
      String majority = Collections.max(answers.entrySet(), Map.Entry.comparingByValue()).getKey();
      double inSample = answers.get(majority) / (double) total;
      int heldoutTotal = heldout.get(type).values().stream().mapToInt(Integer::intValue).sum();
      double outOfSample = heldout.get(type).getOrDefault(majority, 0) / (double) heldoutTotal;
      trainRight += answers.get(majority);
      heldoutRight += heldout.get(type).getOrDefault(majority, 0);
      report.append(String.format("  %-18s %4d questions, majority \"%s\": %.3f on train, %.3f on held-out; answers %s%n",
          type.questionType(), total, majority, inSample, outOfSample, answers));
      double chance = 1.0 / answers.size();
      switch (type) {
        case RELATION -> assertThat(inSample).isLessThanOrEqualTo(0.51);
        case COUNT -> assertThat(inSample).isLessThan(0.40);
        default -> assertThat(inSample).isLessThan(chance + 0.05);
      }
      assertThat(outOfSample).isLessThan(0.55);
    }
    double overall = trainRight / (double) trainQuestions.size();
    report.append(String.format("  majority per question type overall: %.3f on train, %.3f on held-out%n",
        overall, heldoutRight / (double) heldoutQuestions.size()));
    System.out.print(report);
    assertThat(overall).isLessThan(0.35);
  }

  private static Map<QuestionType, Map<String, Integer>> counts(List<Question> questions) {
    Map<QuestionType, Map<String, Integer>> counts = new EnumMap<>(QuestionType.class);
    for (Question q : questions) {
      counts.computeIfAbsent(q.type(), t -> new TreeMap<>()).merge(q.answer(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void scenesGetTheirCountOfDistinctQuestionsOfEveryType() {
    Map<String, List<Question>> byScene = trainQuestions.stream().collect(Collectors.groupingBy(Question::sceneId));
    assertThat(byScene).hasSize(world.train().size());
    for (List<Question> questions : byScene.values()) {
      assertThat(questions).hasSizeBetween(1, ShapesWorldTasks.DEFAULT_QUESTIONS_PER_SCENE);
      assertThat(questions.stream().map(Question::question).distinct()).hasSameSizeAs(questions);
    }
    // Nearly every scene can be asked all four types.
    assertThat(trainQuestions.size()).isGreaterThan(world.train().size() * 4 * 95 / 100);
    List<Question> eight = tasks.toBuilder().questionsPerScene(8).build().questions(world.heldout());
    assertThat(eight.size()).isGreaterThan(world.heldout().size() * 7);
  }

  @Test
  void everyLabelIsWhatTheImageSays() {
    CaptionParser parser = CaptionParser.create();
    Map<String, Scene> scenes = scenes();
    for (Hypothesis h : hypotheses) {
      SceneGraph graph = scenes.get(h.sceneId()).graph();
      SceneGraph stated = parser.parse(h.text()).graph();
      long unrendered = stated.objects().stream().flatMap(o -> o.attributes().stream()).filter(UNRENDERED::contains).count();
      String what = h.sceneId() + ": \"" + h.text() + "\" (" + h.source() + ") with " + graph.objects();
      switch (h.label()) {
        case ENTAILMENT -> {
          assertThat(unrendered).as(what).isZero();
          assertThat(trueOf(stated, graph)).as(what).isTrue();
        }
        case NEUTRAL -> {
          assertThat(unrendered).as(what).isEqualTo(1);
          assertThat(trueOf(stated, graph)).as(what).isTrue();
        }
        case CONTRADICTION -> {
          assertThat(unrendered).as(what).isLessThanOrEqualTo(1);
          assertThat(trueOf(stated, graph)).as(what).isFalse();
        }
      }
      assertThat(stated.objects()).as(what).isNotEmpty();
    }
  }

  /**
   * Whether some assignment of the statement's objects to distinct objects of the scene has every
   * noun and rendered attribute, and every stated relation between the assigned objects.
   */
  private static boolean trueOf(SceneGraph statement, SceneGraph scene) {
    int n = statement.objects().size();
    List<List<Integer>> assignments = new ArrayList<>();
    assignments.add(List.of());
    for (int i = 0; i < n; i++) {
      List<List<Integer>> longer = new ArrayList<>();
      for (List<Integer> partial : assignments) {
        for (int o = 0; o < scene.objects().size(); o++) {
          if (!partial.contains(o)) {
            List<Integer> next = new ArrayList<>(partial);
            next.add(o);
            longer.add(next);
          }
        }
      }
      assignments = longer;
    }
    for (List<Integer> to : assignments) {
      boolean ok = true;
      for (int i = 0; i < n && ok; i++) {
        SceneObject wanted = statement.objects().get(i);
        SceneObject actual = scene.objects().get(to.get(i));
        List<String> rendered = wanted.attributes().stream().filter(a -> !UNRENDERED.contains(a)).toList();
        ok = wanted.noun().equals(actual.noun()) && actual.attributes().containsAll(rendered);
      }
      for (Relation r : statement.relations()) {
        ok &= scene.relations().contains(new Relation(to.get(r.subject()), r.predicate(), to.get(r.object())));
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  @Test
  void labelsAreBalancedAndTheUnrenderedWordsGiveLittleAway() {
    Map<Label, Long> labels = new EnumMap<>(Label.class);
    hypotheses.forEach(h -> labels.merge(h.label(), 1L, Long::sum));
    int scenes = world.train().size();
    assertThat(hypotheses.size()).isGreaterThan(scenes * 3 * 95 / 100);
    long most = Collections.max(labels.values());
    long least = Collections.min(labels.values());
    assertThat(most - least).isLessThanOrEqualTo(1);

    Map<String, Map<Label, Integer>> byCue = new TreeMap<>();
    Map<String, Integer> kinds = new TreeMap<>();
    for (Hypothesis h : hypotheses) {
      boolean cue = List.of(h.text().split(" ")).stream().anyMatch(UNRENDERED::contains);
      byCue.computeIfAbsent(cue ? "with an unrendered word" : "without", k -> new EnumMap<>(Label.class)).merge(h.label(), 1, Integer::sum);
      if (h.label() == Label.CONTRADICTION) {
        kinds.merge(h.source().substring(0, h.source().indexOf(':')), 1, Integer::sum);
      }
    }
    int cueRight = 0;
    for (Map<Label, Integer> counts : byCue.values()) {
      cueRight += Collections.max(counts.values());
    }
    double cueAccuracy = cueRight / (double) hypotheses.size();
    System.out.printf("SNLI-VE, %d hypotheses on %d scenes: %s; by unrendered word: %s; contradictions by kind: %s;"
        + " majority label %.3f, best guess from the unrendered word alone %.3f%n",
        hypotheses.size(), scenes, labels, byCue, kinds, most / (double) hypotheses.size(), cueAccuracy);
    assertThat(cueAccuracy).isLessThan(0.70);
    assertThat(kinds).containsOnlyKeys("object", "attribute", "relation");
    assertThat(Collections.min(kinds.values())).isGreaterThan(Collections.max(kinds.values()) / 2);
  }

  @Test
  void theSameSeedGivesTheSameTasksAndAnotherSeedOthers() {
    List<Scene> some = world.train().subList(0, 40);
    ShapesWorldTasks same = ShapesWorldTasks.builder().seed(11).build();
    assertThat(same.questions(some)).isEqualTo(trainQuestions.subList(0, same.questions(some).size()));
    assertThat(same.hypotheses(some)).isEqualTo(tasks.hypotheses(some));
    ShapesWorldTasks other = ShapesWorldTasks.builder().seed(12).build();
    assertThat(other.questions(some)).isNotEqualTo(same.questions(some));
    assertThat(other.hypotheses(some)).isNotEqualTo(same.hypotheses(some));
  }

  @Test
  void aSceneGraphReadsAsItsObjectsSortedThenOneRelationPerPair() {
    // Drawn in the order circle, square, triangle; written in the order of the descriptions.
    SceneGraph graph =
        new SceneGraph(
            List.of(SceneObject.of("circle", "small", "red"), SceneObject.of("square", "large", "blue"), SceneObject.of("triangle", "small", "green")),
            List.of(new Relation(0, "below", 1), new Relation(1, "above", 0), new Relation(0, "to the left of", 2),
                new Relation(2, "to the right of", 0), new Relation(1, "to the left of", 2), new Relation(2, "to the right of", 1)));
    assertThat(ShapesWorldTasks.sceneText(graph))
        .isEqualTo("large blue square ; small green triangle ; small red circle ; large blue square to the left of small green triangle"
            + " ; large blue square above small red circle ; small green triangle to the right of small red circle");
    // Only one direction in the graph: written from its subject; no relation either way: none.
    SceneGraph oneWay =
        new SceneGraph(List.of(SceneObject.of("circle", "red"), SceneObject.of("cross", "blue"), SceneObject.of("square", "red")),
            List.of(new Relation(2, "above", 0)));
    assertThat(ShapesWorldTasks.sceneText(oneWay)).isEqualTo("blue cross ; red circle ; red square ; red square above red circle");
    // The order the objects were drawn in does not matter.
    SceneGraph reordered =
        new SceneGraph(List.of(graph.objects().get(2), graph.objects().get(0), graph.objects().get(1)),
            List.of(new Relation(1, "below", 2), new Relation(2, "above", 1), new Relation(1, "to the left of", 0),
                new Relation(0, "to the right of", 1), new Relation(2, "to the left of", 0), new Relation(0, "to the right of", 2)));
    assertThat(ShapesWorldTasks.sceneText(reordered)).isEqualTo(ShapesWorldTasks.sceneText(graph));
  }

  @Test
  void sceneCaptionsPairEachSceneTextWithItsCaptions() {
    List<Scene> scenes = world.train().subList(0, 5);
    List<ShapesWorldTasks.SceneCaption> every = ShapesWorldTasks.sceneCaptions(scenes, Integer.MAX_VALUE);
    List<ShapesWorldTasks.SceneCaption> first = ShapesWorldTasks.sceneCaptions(scenes, 1);
    assertThat(every).hasSize(5 * world.config().captionsPerScene());
    assertThat(first).hasSize(5);
    for (int i = 0; i < scenes.size(); i++) {
      Scene scene = scenes.get(i);
      int n = scene.graph().objects().size();
      String source = ShapesWorldTasks.sceneText(scene.graph());
      assertThat(source.split(" ; ")).hasSize(n + n * (n - 1) / 2);
      assertThat(first.get(i)).isEqualTo(new ShapesWorldTasks.SceneCaption(scene.id(), source, scene.captions().get(0)));
      int perScene = world.config().captionsPerScene();
      for (int k = 0; k < perScene; k++) {
        assertThat(every.get(i * perScene + k)).isEqualTo(new ShapesWorldTasks.SceneCaption(scene.id(), source, scene.captions().get(k)));
      }
    }
    assertThatThrownBy(() -> ShapesWorldTasks.sceneCaptions(scenes, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("perScene: 0 is not at least 1");
  }

  @Test
  void countsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> ShapesWorldTasks.builder().questionsPerScene(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("questionsPerScene: -1 is not in 0.." + ShapesWorldTasks.MAX_PER_SCENE);
    assertThat(ShapesWorldTasks.builder().hypothesesPerScene(0).build().hypotheses(world.heldout())).isEmpty();
  }
}
