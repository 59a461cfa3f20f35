package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;

/** Export the shapes world, read it back with this package's readers, compare bit for bit. */
class ShapesWorldExportTest {
  private static ShapesWorldData world;

  @TempDir Path dir;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder()
                .seed(5)
                .trainScenes(12)
                .heldoutScenes(3)
                .imageOnlyScenes(4)
                .textScenes(3)
                .wordNetGlosses(20)
                .imageSize(100)
                .build());
  }

  @Test
  void everyValueReadsBackExactly() throws Exception {
    Path out = dir.resolve("export");
    ShapesWorldExport.Summary summary = ShapesWorldExport.write(world, out);
    assertThat(summary.trainImages()).isEqualTo(12);
    assertThat(summary.trainCaptions()).isEqualTo(12 * world.config().captionsPerScene());

    assertCaptions(out.resolve(ShapesWorldExport.CAPTIONS), world.train());
    assertCaptions(out.resolve(ShapesWorldExport.HELDOUT), world.heldout());
    List<Scene> withText = new ArrayList<>(world.train());
    withText.addAll(world.heldout());
    assertRegions(out.resolve(ShapesWorldExport.FEATURES), withText);
    assertRegions(out.resolve(ShapesWorldExport.IMAGES), world.imageOnly());

    List<String> texts = new ArrayList<>();
    TextCorpora.read(out.resolve(ShapesWorldExport.TEXT), BadRows.fail(), texts::add);
    assertThat(texts).isEqualTo(world.textCorpus());
    List<String> classes = new ArrayList<>();
    TextCorpora.read(out.resolve(ShapesWorldExport.CLASSES), BadRows.fail(), classes::add);
    assertThat(classes).isEqualTo(world.classNames());

    JsonObject manifest = JsonParser.parseString(Files.readString(out.resolve(ShapesWorldExport.MANIFEST))).getAsJsonObject();
    assertThat(manifest.get("format").getAsString()).isEqualTo(ShapesWorldExport.FORMAT);
    assertThat(manifest.getAsJsonObject("config").get("seed").getAsLong()).isEqualTo(5);
    JsonObject files = manifest.getAsJsonObject("files");
    assertThat(files.keySet())
        .containsExactly("captions.json", "heldout.json", "features.tsv", "images.tsv", "text.txt", "classes.txt");
    assertThat(files.getAsJsonObject("features.tsv").get("images").getAsInt()).isEqualTo(15);
    assertThat(files.getAsJsonObject("text.txt").get("lines").getAsInt()).isEqualTo(world.textCorpus().size());
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(out); // no temporary directory left beside it
    }
  }

  private static void assertCaptions(Path file, List<Scene> scenes) throws Exception {
    List<ImageCaptions> read = CaptionSources.read(file, BadRows.fail());
    assertThat(read).hasSize(scenes.size());
    for (int i = 0; i < scenes.size(); i++) {
      assertThat(read.get(i)).isEqualTo(new ImageCaptions(scenes.get(i).id(), null, scenes.get(i).captions()));
    }
  }

  private static void assertRegions(Path file, List<Scene> scenes) throws Exception {
    int size = world.config().imageSize();
    try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(file, world.featureSize(), BadRows.fail())) {
      for (Scene scene : scenes) {
        RegionFeatureTsv.Row row = rows.next();
        assertThat(row.imageId()).isEqualTo(scene.id());
        assertThat(row.width()).isEqualTo(size);
        assertThat(row.height()).isEqualTo(size);
        // Arrays.deepEquals compares floats bit for bit (Float.equals).
        assertThat(row.features()).isDeepEqualTo(scene.features());
        assertThat(row.normalizedBoxes()).isDeepEqualTo(scene.boxes());
        assertThat(row.classProbs()).isDeepEqualTo(scene.classProbs());
        for (float[] box : row.boxes()) {
          for (float pixel : box) {
            assertThat(pixel).isEqualTo((float) Math.round(pixel)); // whole pixels
          }
        }
      }
      assertThat(rows.hasNext()).isFalse();
      assertThat(rows.classCount()).isEqualTo(world.numClasses());
    }
  }

  @Test
  void aNonEmptyDirectoryIsRefusedAndAnEmptyOneFilled() throws Exception {
    Path taken = dir.resolve("taken");
    Files.createDirectories(taken);
    Files.writeString(taken.resolve("x"), "x");
    assertThatThrownBy(() -> ShapesWorldExport.write(world, taken))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("exists and is not empty");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    ShapesWorldExport.write(world, empty);
    assertThat(empty.resolve(ShapesWorldExport.MANIFEST)).isRegularFile();
  }

  @Test
  void aSentenceWithALineBreakFailsBeforeAnythingIsWritten() {
    List<String> corpus = new ArrayList<>(world.textCorpus());
    corpus.set(2, "two\nlines");
    ShapesWorldData broken =
        new ShapesWorldData(world.config(), world.train(), world.heldout(), world.imageOnly(), corpus, world.classNames());
    Path out = dir.resolve("broken");
    assertThatThrownBy(() -> ShapesWorldExport.write(broken, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text.txt: entry 2 holds a line break, so it cannot be one line: two\nlines");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBoxThatIsNotWholePixelsIsRefused() {
    Scene scene = world.train().get(0);
    float[][] boxes = scene.boxes().clone();
    boxes[0] = boxes[0].clone();
    boxes[0][0] = Math.nextUp(boxes[0][0]);
    Scene shifted = new Scene(scene.id(), scene.graph(), scene.captions(), scene.features(), boxes, scene.classProbs());
    assertThatThrownBy(() -> ShapesWorldExport.pixels(shifted, world.config().imageSize()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(scene.id() + ": box 0 [");
  }
}
