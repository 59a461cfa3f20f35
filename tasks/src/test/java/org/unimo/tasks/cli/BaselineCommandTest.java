package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.unimo.tasks.cli.MainTest.unimo;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.tasks.baseline.NearestImageCaption;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.formats.ShapesWorldExport;
import org.unimo.tasks.metrics.CaptionExample;
import org.unimo.tasks.metrics.CaptionMetrics;

/**
 * unimo baseline on a config's task: scored with the head's metrics (nearest-image on an exported
 * shapes world's Karpathy split); bad arguments exit 2.
 */
class BaselineCommandTest {
  private static Path config(Path dir) throws Exception {
    StringBuilder train = new StringBuilder("sentence\tlabel\n");
    StringBuilder dev = new StringBuilder("sentence\tlabel\n");
    String[] good = {"good", "fine", "great"};
    String[] bad = {"bad", "poor", "awful"};
    // Training: 12 positive, 6 negative; validation: 3 of each.
    for (int i = 0; i < 18; i++) {
      boolean positive = i < 12;
      train.append("a ").append((positive ? good : bad)[i % 3]).append(" film\t").append(positive ? 1 : 0).append('\n');
    }
    for (int i = 0; i < 6; i++) {
      boolean positive = i < 3;
      dev.append("the ").append((positive ? good : bad)[i % 3]).append(" film\t").append(positive ? 1 : 0).append('\n');
    }
    Files.writeString(dir.resolve("train.tsv"), train);
    Files.writeString(dir.resolve("dev.tsv"), dev);
    ModelSpec spec =
        ModelSpec.builder("sentiment")
            .text(t -> t.byteBpe(300).maxLength(16))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(16))
            .sequenceClassification("sentiment", h -> h.classes(2).labels("sst2"))
            .taskData(d -> d.name("sst2").format(TaskDataSpec.Format.GLUE_SST2)
                .train(dir.resolve("train.tsv").toString()).validation(dir.resolve("dev.tsv").toString()))
            .build();
    return Files.writeString(dir.resolve("sentiment.textproto"), spec.toTextProto());
  }

  @Test
  void scoresMajorityAndBagOfWordsOnTheValidationSet(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    MainTest.Run majority = unimo("baseline", "--config", config.toString(), "--method", "majority");
    assertThat(majority.status()).as(majority.err()).isZero();
    JsonObject m = JsonParser.parseString(majority.out().strip()).getAsJsonObject();
    // Always "positive" (12 of 18 in training): half the validation set, no correlation.
    assertThat(m.get("accuracy").getAsDouble()).isEqualTo(0.5);
    assertThat(m.get("mcc").getAsDouble()).isZero();
    assertThat(m.get("split").getAsString()).isEqualTo("validation");
    MainTest.Run words = unimo("baseline", "--config", config.toString(), "--method", "logistic-regression");
    assertThat(words.status()).as(words.err()).isZero();
    assertThat(JsonParser.parseString(words.out().strip()).getAsJsonObject().get("accuracy").getAsDouble()).isEqualTo(1.0);
  }

  @Test
  void badArgumentsExit2(@TempDir Path dir) throws Exception {
    Path config = config(dir);
    MainTest.Run method = unimo("baseline", "--config", config.toString(), "--method", "oracle");
    assertThat(method.status()).isEqualTo(2);
    assertThat(method.err()).contains("--method: expected majority, naive-bayes, logistic-regression, ridge, nearest-image, got 'oracle'");
    MainTest.Run ridge = unimo("baseline", "--config", config.toString(), "--method", "ridge");
    assertThat(ridge.status()).isEqualTo(2);
    assertThat(ridge.err()).contains("ridge is for a scored task");
    MainTest.Run test = unimo("baseline", "--config", config.toString(), "--method", "majority", "--split", "test");
    assertThat(test.status()).isEqualTo(2);
    assertThat(test.err()).contains("has no test examples");
    MainTest.Run nearest = unimo("baseline", "--config", config.toString(), "--method", "nearest-image");
    assertThat(nearest.status()).isEqualTo(2);
    assertThat(nearest.err()).contains("--method nearest-image: captions the images of a KARPATHY task; the task's format is GLUE_SST2 (no images)");
  }

  /** A tiny shapes world exported, and a spec whose task is its Karpathy split. */
  private static Path shapesConfig(Path dir, ShapesWorldData world) throws Exception {
    Path export = dir.resolve("shapes");
    ShapesWorldExport.write(world, export);
    ModelSpec spec =
        ModelSpec.builder("shapes-captions")
            .text(t -> t.byteBpe(300).maxLength(24))
            .image(i -> i.featureSize(world.featureSize()).maxRegions(5).boxFeatures(5))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(32))
            .retrieval("retrieval", h -> h.labels("shapes"))
            .taskData(d -> d.name("shapes").format(TaskDataSpec.Format.KARPATHY)
                .train(export.resolve(ShapesWorldExport.KARPATHY).toString()).features(export.resolve(ShapesWorldExport.FEATURES).toString()))
            .build();
    return Files.writeString(dir.resolve("shapes.textproto"), spec.toTextProto());
  }

  @Test
  void nearestImageCaptionsAKarpathySplitsTestOrValidationImages(@TempDir Path dir) throws Exception {
    ShapesWorldData world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder().seed(3).trainScenes(40).heldoutScenes(6).imageOnlyScenes(0).textScenes(0).wordNetGlosses(0).imageSize(64).build());
    Path config = shapesConfig(dir, world);
    // The same baseline straight from the world: Karpathy's val is the first 3 held-out scenes, test the rest.
    NearestImageCaption nn =
        NearestImageCaption.fit(
            world.train().stream().map(s -> NearestImageCaption.meanPool(s.features())).toList(),
            world.train().stream().map(Scene::captions).toList());
    for (String split : List.of("test", "validation")) {
      List<Scene> scenes = split.equals("test") ? world.heldout().subList(3, 6) : world.heldout().subList(0, 3);
      CaptionMetrics.Result expected =
          CaptionMetrics.score(scenes.stream().map(s -> new CaptionExample(s.id(), nn.caption(NearestImageCaption.meanPool(s.features())), s.captions())).toList());
      MainTest.Run run =
          split.equals("test")
              ? unimo("baseline", "--config", config.toString(), "--method", "nearest-image")
              : unimo("baseline", "--config", config.toString(), "--method", "nearest-image", "--split", "validation");
      assertThat(run.status()).as(run.err()).isZero();
      assertThat(run.err()).contains("nearest-image on 40 training images, scored on 3 " + split + " images");
      JsonObject json = JsonParser.parseString(run.out().strip()).getAsJsonObject();
      assertThat(json.keySet()).containsExactly("task", "method", "split", "cider", "bleu1", "bleu2", "bleu3", "bleu4", "rougeL", "examples");
      assertThat(json.get("task").getAsString()).isEqualTo("shapes");
      assertThat(json.get("method").getAsString()).isEqualTo("nearest-image");
      assertThat(json.get("split").getAsString()).isEqualTo(split);
      assertThat(json.get("examples").getAsInt()).isEqualTo(3);
      assertThat(json.get("cider").getAsDouble()).isCloseTo(expected.cider(), within(1e-6));
      assertThat(json.get("bleu4").getAsDouble()).isCloseTo(expected.bleu().bleu(4), within(1e-6));
      assertThat(json.get("rougeL").getAsDouble()).isCloseTo(expected.rougeL(), within(1e-6));
      assertThat(json.get("cider").getAsDouble()).isPositive();
    }
    MainTest.Run majority = unimo("baseline", "--config", config.toString(), "--method", "majority");
    assertThat(majority.status()).isEqualTo(2);
    assertThat(majority.err()).contains("--method majority: the task's format is KARPATHY, captioned images without classes; use nearest-image");
  }
}
