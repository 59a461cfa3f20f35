package org.unimo.tasks.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.scene.CaptionParser;
import org.unimo.rewriting.scene.ParsedCaption;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;

class CompositionalEvaluatorTest {
  private static ShapesWorldData world;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder()
                .seed(9)
                .trainScenes(50)
                .heldoutScenes(60)
                .imageOnlyScenes(10)
                .textScenes(10)
                .wordNetGlosses(0)
                .build());
  }

  @Test
  void eachDistractorChangesExactlyOneElementAndIsFalseOfTheScene() {
    CaptionParser parser = CaptionParser.create();
    SplittableRandom random = new SplittableRandom(1);
    for (Scene scene : world.heldout()) {
      CompositionalEvaluator.Probe probe = CompositionalEvaluator.probe(scene.graph(), random.split());
      ParsedCaption truth = parser.parse(probe.caption());
      assertThat(truth.graph().objects()).hasSize(2);
      assertThat(truth.graph().relations()).hasSize(1);
      for (SampleKind kind : CompositionalEvaluator.KINDS) {
        String distractor = probe.distractors().get(kind);
        assertThat(distractor).isNotEqualTo(probe.caption());
        ParsedCaption parsed = parser.parse(distractor);
        var t = truth.graph();
        var d = parsed.graph();
        switch (kind) {
          case OBJECT -> {
            assertThat(d.objects().get(0).noun()).isNotEqualTo(t.objects().get(0).noun());
            assertThat(d.objects().get(0).attributes()).isEqualTo(t.objects().get(0).attributes());
            assertThat(d.objects().get(1)).isEqualTo(t.objects().get(1));
            assertThat(d.relations()).isEqualTo(t.relations());
            assertThat(describes(scene, d.objects().get(0).description())).as(distractor).isFalse();
          }
          case ATTRIBUTE -> {
            assertThat(d.objects().get(0).noun()).isEqualTo(t.objects().get(0).noun());
            assertThat(d.objects().get(0).attributes()).isNotEqualTo(t.objects().get(0).attributes());
            assertThat(d.objects().get(1)).isEqualTo(t.objects().get(1));
            assertThat(d.relations()).isEqualTo(t.relations());
            assertThat(describes(scene, d.objects().get(0).description())).as(distractor).isFalse();
          }
          case RELATION -> {
            assertThat(d.objects()).isEqualTo(t.objects());
            assertThat(d.relations().get(0).predicate()).isNotEqualTo(t.relations().get(0).predicate());
          }
          default -> throw new AssertionError(kind);
        }
      }
    }
  }

  private static boolean describes(Scene scene, String description) {
    return scene.graph().objects().stream().anyMatch(o -> o.description().equals(description));
  }
}
