package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.scene.CaptionRealizer;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneObject;

class ShapesWorldTest {
  static final ShapesWorldConfig SMALL =
      ShapesWorldConfig.builder()
          .seed(7)
          .trainScenes(50)
          .heldoutScenes(20)
          .imageOnlyScenes(10)
          .textScenes(10)
          .wordNetGlosses(200)
          .build();

  private static ShapesWorldData world;

  @BeforeAll
  static void generate() {
    world = ShapesWorld.generate(SMALL);
  }

  @Test
  void theSameSeedGivesBitIdenticalData() {
    ShapesWorldData again = ShapesWorld.generate(SMALL);
    assertThat(again).isEqualTo(world);
    for (int s = 0; s < world.train().size(); s++) {
      float[][] a = world.train().get(s).features();
      float[][] b = again.train().get(s).features();
      for (int r = 0; r < a.length; r++) {
        for (int k = 0; k < a[r].length; k++) {
          assertThat(Float.floatToRawIntBits(b[r][k])).isEqualTo(Float.floatToRawIntBits(a[r][k]));
        }
      }
    }
  }

  @Test
  void aSceneDependsNeitherOnThreadsNorOnTheOtherSplitsSizes() throws Exception {
    ShapesWorldConfig fewer = SMALL.toBuilder().trainScenes(30).heldoutScenes(0).imageOnlyScenes(3).wordNetGlosses(0).build();
    ForkJoinPool oneThread = new ForkJoinPool(1);
    try {
      ShapesWorldData sequential = oneThread.submit(() -> ShapesWorld.generate(fewer)).get();
      assertThat(sequential.train()).isEqualTo(world.train().subList(0, 30));
    } finally {
      oneThread.shutdown();
    }
  }

  @Test
  void anotherSeedGivesAnotherWorld() {
    ShapesWorldData other = ShapesWorld.generate(SMALL.withSeed(8));
    assertThat(other.train()).hasSize(50);
    int same = 0;
    for (int s = 0; s < 50; s++) {
      same += other.train().get(s).graph().equals(world.train().get(s).graph()) ? 1 : 0;
    }
    assertThat(same).isZero();
    assertThat(other.train().get(0).features()).isNotEqualTo(world.train().get(0).features());
  }

  @Test
  void splitsHaveTheirSizesAndUniqueIds() {
    assertThat(world.train()).hasSize(50);
    assertThat(world.heldout()).hasSize(20);
    assertThat(world.imageOnly()).hasSize(10);
    assertThat(world.config()).isEqualTo(SMALL);
    List<String> ids = new ArrayList<>();
    for (List<Scene> split : List.of(world.train(), world.heldout(), world.imageOnly())) {
      split.forEach(s -> ids.add(s.id()));
    }
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(world.train().get(3).id()).isEqualTo("train-000003");
    assertThat(world.heldout().get(0).id()).isEqualTo("heldout-000000");
  }

  @Test
  void heldOutScenesAreUniqueAndNeverTrainingScenes() {
    Set<String> train = new HashSet<>();
    world.train().forEach(s -> train.add(ShapesWorld.signature(s.graph())));
    Set<String> heldout = new HashSet<>();
    for (Scene s : world.heldout()) {
      String signature = ShapesWorld.signature(s.graph());
      assertThat(train).doesNotContain(signature);
      assertThat(heldout.add(signature)).as("held-out graphs are unique").isTrue();
    }
    // Whole-caption overlap is possible in principle; the full caption sets never coincide.
    Set<List<String>> trainCaptions = new HashSet<>();
    world.train().forEach(s -> trainCaptions.add(s.captions()));
    assertThat(world.heldout()).noneMatch(s -> trainCaptions.contains(s.captions()));
  }

  @Test
  void theSignatureIgnoresObjectOrder() {
    Scene scene = world.train().get(0);
    List<SceneObject> reversed = new ArrayList<>(scene.graph().objects());
    java.util.Collections.reverse(reversed);
    int n = reversed.size();
    List<Relation> relations =
        scene.graph().relations().stream()
            .map(r -> new Relation(n - 1 - r.subject(), r.predicate(), n - 1 - r.object()))
            .toList();
    assertThat(ShapesWorld.signature(new org.unimo.rewriting.scene.SceneGraph(reversed, relations)))
        .isEqualTo(ShapesWorld.signature(scene.graph()));
  }

  @Test
  void imageOnlyScenesHaveRegionsButNoCaptions() {
    for (Scene scene : world.imageOnly()) {
      assertThat(scene.captions()).isEmpty();
      assertThat(scene.numRegions()).isBetween(2, 5);
      assertThat(scene.features()).hasNumberOfRows(scene.numRegions());
    }
  }

  @Test
  void captionsNameAtLeastTwoObjectsWithAllTheirAttributes() {
    for (Scene scene : concat(world.train(), world.heldout())) {
      List<SceneObject> objects = scene.graph().objects();
      assertThat(scene.numRegions()).isBetween(2, 5).isEqualTo(objects.size());
      assertThat(scene.captions()).hasSize(4).doesNotHaveDuplicates();
      for (String caption : scene.captions()) {
        int mentioned = 0;
        for (SceneObject o : objects) {
          String description = o.description();
          String plural = String.join(" ", o.attributes()) + " " + CaptionRealizer.plural(o.noun());
          if (caption.contains(description) || caption.contains(plural)) {
            mentioned++;
          }
          assertThat(o.attributes()).hasSize(2);
          assertThat(Shapes.SIZES).contains(o.attributes().get(0));
          assertThat(Shapes.COLORS).contains(o.attributes().get(1));
          assertThat(Shapes.SHAPES).contains(o.noun());
        }
        assertThat(mentioned).as(caption).isGreaterThanOrEqualTo(2);
        assertThat(caption.split(" ").length).as(caption).isLessThanOrEqualTo(25);
      }
      // The existential lists every object (scenes have at most 5).
      for (SceneObject o : objects) {
        assertThat(scene.captions().get(2)).startsWith("there is ").contains(CaptionRealizer.nounPhrase(o));
      }
      // The first caption is a relation of the graph.
      assertThat(scene.graph().relations())
          .anyMatch(r -> CaptionRealizer.relationPhrase(scene.graph(), r).equals(scene.captions().get(0)));
    }
  }

  @Test
  void relationsFollowTheBoxes() {
    for (Scene scene : world.train()) {
      int n = scene.numRegions();
      assertThat(scene.graph().relations()).hasSize(n * (n - 1));
      for (Relation r : scene.graph().relations()) {
        float[] a = scene.boxes()[r.subject()];
        float[] b = scene.boxes()[r.object()];
        double dx = (b[0] + b[2]) / 2 - (a[0] + a[2]) / 2;
        double dy = (b[1] + b[3]) / 2 - (a[1] + a[3]) / 2;
        switch (r.predicate()) {
          case "to the left of" -> assertThat(dx).isPositive().isGreaterThanOrEqualTo(Math.abs(dy) - 1e-6);
          case "to the right of" -> assertThat(dx).isNegative().isLessThanOrEqualTo(-Math.abs(dy) + 1e-6);
          case "above" -> assertThat(dy).isPositive().isGreaterThan(Math.abs(dx) - 1e-6);
          case "below" -> assertThat(dy).isNegative().isLessThan(-Math.abs(dx) + 1e-6);
          default -> throw new AssertionError("unknown predicate " + r.predicate());
        }
      }
    }
  }

  @Test
  void boxesAreNormalizedAndDoNotOverlap() {
    for (Scene scene : concat(world.train(), world.imageOnly())) {
      float[][] boxes = scene.boxes();
      for (float[] box : boxes) {
        assertThat(box).hasSize(5);
        for (float v : box) {
          assertThat(v).isBetween(0f, 1f);
        }
        assertThat(box[2]).isGreaterThan(box[0]);
        assertThat(box[3]).isGreaterThan(box[1]);
        assertThat(box[4]).isCloseTo((box[2] - box[0]) * (box[3] - box[1]), within(1e-5f));
      }
      for (int i = 0; i < boxes.length; i++) {
        for (int j = i + 1; j < boxes.length; j++) {
          boolean apart =
              boxes[i][2] <= boxes[j][0] || boxes[j][2] <= boxes[i][0]
                  || boxes[i][3] <= boxes[j][1] || boxes[j][3] <= boxes[i][1];
          assertThat(apart).as(scene.id() + " boxes " + i + ", " + j).isTrue();
        }
      }
    }
  }

  @Test
  void everySmallObjectIsSmallerThanEveryLargeObjectOfItsShape() {
    java.util.Map<String, Float> largestSmall = new java.util.HashMap<>();
    java.util.Map<String, Float> smallestLarge = new java.util.HashMap<>();
    for (Scene scene : concat(world.train(), world.heldout())) {
      for (int r = 0; r < scene.numRegions(); r++) {
        float[] box = scene.boxes()[r];
        float extent = Math.max(box[2] - box[0], box[3] - box[1]);
        SceneObject o = scene.graph().objects().get(r);
        if (o.attributes().get(0).equals("small")) {
          largestSmall.merge(o.noun(), extent, Math::max);
        } else {
          smallestLarge.merge(o.noun(), extent, Math::min);
        }
      }
    }
    assertThat(largestSmall.keySet()).isEqualTo(smallestLarge.keySet()).hasSize(5);
    largestSmall.forEach((shape, extent) -> assertThat(extent).as(shape).isLessThan(smallestLarge.get(shape)));
  }

  @Test
  void featuresAreSixtyFourValuesInTheUnitRange() {
    assertThat(world.featureSize()).isEqualTo(64);
    for (Scene scene : world.train()) {
      for (float[] f : scene.features()) {
        assertThat(f).hasSize(64);
        for (float v : f) {
          assertThat(v).isBetween(0f, 1f);
        }
      }
    }
  }

  @Test
  void featuresSeeColorAndShapeNotLabels() {
    ShapesWorldConfig config = ShapesWorldConfig.defaults();
    int circle = Shapes.SHAPES.indexOf("circle");
    int square = Shapes.SHAPES.indexOf("square");
    int red = Shapes.COLORS.indexOf("red");
    int blue = Shapes.COLORS.indexOf("blue");
    Scene a = ShapesWorld.renderFixed(config, List.of(new int[] {circle, red, 1}, new int[] {square, blue, 1}), 1);
    Scene b = ShapesWorld.renderFixed(config, List.of(new int[] {circle, red, 1}, new int[] {circle, red, 1}), 2);
    float[] redCircle = a.features()[0];
    float[] blueSquare = a.features()[1];
    double same = squaredDistance(redCircle, b.features()[0]) + squaredDistance(redCircle, b.features()[1]);
    double different = squaredDistance(redCircle, blueSquare);
    assertThat(same / 2).isLessThan(0.02 * different);
    // The color comes from the pixels: about the base red (215, 40, 40), blue (45, 80, 215).
    assertThat(redCircle[RegionFeatures.MEAN_RGB]).isCloseTo(215 / 255f, within(0.05f));
    assertThat(redCircle[RegionFeatures.MEAN_RGB + 2]).isCloseTo(40 / 255f, within(0.05f));
    assertThat(blueSquare[RegionFeatures.MEAN_RGB + 2]).isCloseTo(215 / 255f, within(0.05f));
    assertThat(blueSquare[RegionFeatures.FILL]).isGreaterThan(0.95f);
    assertThat(redCircle[RegionFeatures.FILL]).isCloseTo((float) (Math.PI / 4), within(0.06f));
  }

  @Test
  void regionsOfTheSameClassAreCloserThanRegionsOfOtherClasses() {
    List<float[]> features = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (Scene scene : world.train()) {
      for (int r = 0; r < scene.numRegions(); r++) {
        features.add(scene.features()[r]);
        labels.add(trueClass(scene.graph().objects().get(r)));
      }
    }
    double same = 0;
    double different = 0;
    int sameCount = 0;
    int differentCount = 0;
    for (int i = 0; i < features.size(); i++) {
      for (int j = i + 1; j < features.size(); j++) {
        double d = PrototypeDetector.distance(features.get(i), features.get(j));
        if (labels.get(i).equals(labels.get(j))) {
          same += d;
          sameCount++;
        } else {
          different += d;
          differentCount++;
        }
      }
    }
    assertThat(sameCount).isPositive();
    assertThat(same / sameCount).isLessThan(0.2 * different / differentCount);
  }

  @Test
  void theDetectorFindsTheTrueClassOfMostRegionsWithoutBeingOneHot() {
    assertThat(world.numClasses()).isEqualTo(30);
    assertThat(world.classNames()).startsWith("red circle", "red square").contains("orange cross");
    int regions = 0;
    int correct = 0;
    double maxProbability = 0;
    for (Scene scene : concat(world.train(), world.heldout())) {
      for (int r = 0; r < scene.numRegions(); r++) {
        float[] probs = scene.classProbs()[r];
        assertThat(probs).hasSize(30);
        double sum = 0;
        for (float p : probs) {
          sum += p;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-4));
        int best = org.unimo.graph.Outputs.argmax(probs);
        regions++;
        correct += world.classNames().get(best).equals(trueClass(scene.graph().objects().get(r))) ? 1 : 0;
        maxProbability += probs[best];
      }
    }
    assertThat((double) correct / regions).isGreaterThan(0.9);
    assertThat(maxProbability / regions).isBetween(0.6, 0.99);
  }

  @Test
  void theTextCorpusHoldsOtherScenesCaptionsAndWordNetGlosses() {
    List<String> text = world.textCorpus();
    assertThat(text).hasSize(10 * 4 + 200);
    List<String> captions = text.subList(0, 40);
    List<String> glosses = text.subList(40, 240);
    assertThat(captions).allSatisfy(c -> assertThat(c).containsAnyOf("circle", "square", "triangle", "diamond", "cross"));
    // The first noun and the first verb synsets of WordNet 3.1, in extJWNL's order.
    assertThat(glosses.get(0))
        .isEqualTo("that which is perceived or known or inferred to have its own distinct existence (living or nonliving)");
    assertThat(glosses.get(100)).isEqualTo("draw air into, and expel out of, the lungs");
    assertThat(glosses).allSatisfy(g -> assertThat(g).doesNotContain("\"").isNotBlank().doesNotEndWith(";"));
    // The text scenes are not train or held-out scenes.
    Set<String> heldoutCaptions = new HashSet<>();
    world.heldout().forEach(s -> heldoutCaptions.addAll(s.captions()));
    assertThat(captions.stream().filter(heldoutCaptions::contains).count()).isLessThanOrEqualTo(2);
  }

  static double squaredDistance(float[] a, float[] b) {
    double d = 0;
    for (int k = 0; k < a.length; k++) {
      d += (a[k] - b[k]) * (a[k] - b[k]);
    }
    return d;
  }

  static String trueClass(SceneObject o) {
    return o.attributes().get(1) + " " + o.noun();
  }

  private static List<Scene> concat(List<Scene> a, List<Scene> b) {
    List<Scene> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
