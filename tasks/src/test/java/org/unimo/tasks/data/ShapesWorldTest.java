package org.unimo.tasks.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.scene.SceneObject;

class ShapesWorldTest {
  static final ShapesWorldConfig SMALL = new ShapesWorldConfig(7, 60, 20, 10, 4, 50, 96);
  private static ShapesWorldData world;

  @BeforeAll
  static void generate() {
    world = ShapesWorld.generate(SMALL);
  }

  @Test
  void theSameSeedGivesTheSameWorld() {
    ShapesWorldData again = ShapesWorld.generate(SMALL);
    assertThat(again.textCorpus()).isEqualTo(world.textCorpus());
    for (int i = 0; i < world.train().size(); i++) {
      Scene a = world.train().get(i);
      Scene b = again.train().get(i);
      assertThat(b.captions()).isEqualTo(a.captions());
      assertThat(b.features()).isDeepEqualTo(a.features());
      assertThat(b.classProbs()).isDeepEqualTo(a.classProbs());
    }
  }

  @Test
  void anotherSeedGivesAnotherWorld() {
    ShapesWorldData other = ShapesWorld.generate(new ShapesWorldConfig(8, 60, 20, 10, 4, 0, 96));
    assertThat(other.train().get(0).captions()).isNotEqualTo(world.train().get(0).captions());
  }

  @Test
  void splitsHaveTheirSizesAndHeldOutScenesAreNotTrainingScenes() {
    assertThat(world.train()).hasSize(60);
    assertThat(world.heldout()).hasSize(20);
    assertThat(world.imageOnly()).hasSize(10);
    Set<String> trainCaptions = new HashSet<>();
    world.train().forEach(s -> trainCaptions.add(s.captions().get(0)));
    assertThat(world.heldout()).noneMatch(s -> trainCaptions.contains(s.captions().get(0)));
  }

  @Test
  void captionsNameTheObjectsAndTheirAttributes() {
    for (Scene scene : world.train()) {
      assertThat(scene.numRegions()).isBetween(2, 5).isEqualTo(scene.graph().objects().size());
      assertThat(scene.captions()).hasSize(4);
      SceneObject first = scene.graph().objects().get(0);
      SceneObject second = scene.graph().objects().get(1);
      String phrase = String.join(" ", first.attributes()) + " " + first.noun();
      String other = String.join(" ", second.attributes()) + " " + second.noun();
      assertThat(scene.captions().get(0)).contains(phrase).contains(other);
      assertThat(scene.captions().get(0).split(" ").length).isLessThanOrEqualTo(25);
    }
  }

  @Test
  void regionFeaturesSeeColorAndShape() {
    // Appearance distance between regions of the same class vs different classes.
    double same = 0;
    double different = 0;
    int sameCount = 0;
    int differentCount = 0;
    List<float[]> features = new java.util.ArrayList<>();
    List<String> labels = new java.util.ArrayList<>();
    for (Scene scene : world.train()) {
      for (int r = 0; r < scene.numRegions(); r++) {
        SceneObject o = scene.graph().objects().get(r);
        features.add(scene.features()[r]);
        labels.add(o.attributes().get(1) + " " + o.noun());
      }
    }
    for (int i = 0; i < features.size(); i++) {
      for (int j = i + 1; j < features.size(); j++) {
        double d = 0;
        for (int k = 0; k < 56; k++) {
          double diff = features.get(i)[k] - features.get(j)[k];
          d += diff * diff;
        }
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
    assertThat(same / sameCount).isLessThan(0.3 * different / differentCount);
  }

  @Test
  void theDetectorFindsTheTrueClassOfMostRegionsWithoutBeingOneHot() {
    int regions = 0;
    int correct = 0;
    double maxProbability = 0;
    for (Scene scene : world.train()) {
      for (int r = 0; r < scene.numRegions(); r++) {
        SceneObject o = scene.graph().objects().get(r);
        int truth = world.classNames().indexOf(o.attributes().get(1) + " " + o.noun());
        float[] probs = scene.classProbs()[r];
        int best = 0;
        for (int c = 1; c < probs.length; c++) {
          if (probs[c] > probs[best]) best = c;
        }
        regions++;
        correct += best == truth ? 1 : 0;
        maxProbability += probs[best];
      }
    }
    assertThat((double) correct / regions).isGreaterThan(0.9);
    assertThat(maxProbability / regions).isLessThan(0.999);
  }

  @Test
  void boxesAreNormalized() {
    for (Scene scene : world.train()) {
      for (float[] box : scene.boxes()) {
        assertThat(box).hasSize(5);
        for (float v : box) assertThat(v).isBetween(0f, 1f);
        assertThat(box[2]).isGreaterThan(box[0]);
        assertThat(box[3]).isGreaterThan(box[1]);
      }
    }
  }

  @Test
  void theTextCorpusHoldsSceneSentencesAndWordNetGlosses() {
    assertThat(world.textCorpus()).hasSize(15 * 4 + 50);
    assertThat(world.textCorpus().subList(60, 110))
        .allSatisfy(g -> assertThat(g).doesNotContain("\"").matches(".*[a-z]+ [a-z]+ .*"));
  }
}
