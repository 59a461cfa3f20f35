package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unimo.tasks.cli.MainTest.unimo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.Presets;
import org.unimo.tasks.cli.MainTest.Run;
import org.unimo.tasks.data.ShapesWorldCache;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.CaptionSources;
import org.unimo.tasks.formats.ImageCaptions;
import org.unimo.tasks.formats.RegionFeatureTsv;
import org.unimo.tasks.formats.ShapesWorldExport;

class ExportShapesCommandTest {
  @TempDir Path dir;

  private Path config() throws Exception {
    Path config = dir.resolve("small.textproto");
    Files.writeString(
        config,
        Presets.tiny()
            .seed(9)
            .image(i -> i.featureSize(2048)) // the model does not matter: only the data is exported
            .shapesWorld(w -> w.trainScenes(10).heldoutScenes(2).imageOnlyScenes(3).wordnetGlosses(4))
            .build()
            .toTextProto());
    return config;
  }

  @Test
  void exportsTheSpecsWorldAsPretrainLoadsIt() throws Exception {
    Path config = config();
    Path out = dir.resolve("export");
    Path cache = dir.resolve("cache");
    Run run = unimo("export-shapes", "--config", config.toString(), "--out", out.toString(), "--cache", cache.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("shapes world (generated into " + cache)
        .contains("exported to " + out + ": 10 training images (40 captions), 2 held-out images (8 captions), 3 image-only images");
    assertThat(run.out().lines())
        .containsExactlyElementsOf(ShapesWorldExport.FILES.stream().map(f -> out.resolve(f).toString()).toList())
        .contains(out.resolve("captions.json").toString(), out.resolve("vqa/val_annotations.json").toString(),
            out.resolve("snli-ve/snli_ve_dev.jsonl").toString(), out.resolve("karpathy.json").toString(), out.resolve("export.json").toString());
    assertThat(ShapesWorldExport.FILES).allMatch(f -> Files.isRegularFile(out.resolve(f)));

    ShapesWorldConfig expected =
        ShapesWorldConfig.builder().seed(9).trainScenes(10).heldoutScenes(2).imageOnlyScenes(3).wordNetGlosses(4).build();
    ShapesWorldData world = ShapesWorldCache.read(ShapesWorldCache.file(cache, expected), expected);
    List<ImageCaptions> captions = CaptionSources.read(out.resolve(ShapesWorldExport.CAPTIONS), BadRows.fail());
    assertThat(captions).extracting(ImageCaptions::imageId).containsExactlyElementsOf(world.train().stream().map(s -> s.id()).toList());
    List<float[][]> boxes = new ArrayList<>();
    try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(out.resolve(ShapesWorldExport.IMAGES), 0, BadRows.fail())) {
      while (rows.hasNext()) {
        boxes.add(rows.next().normalizedBoxes());
      }
    }
    assertThat(boxes).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(boxes.get(i)).isDeepEqualTo(world.imageOnly().get(i).boxes());
    }
  }

  @Test
  void aNonEmptyOutIsRefusedBeforeTheDataIsMade() throws Exception {
    Path config = config();
    Path out = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(out.resolve("notes.txt"), "mine");
    Path cache = dir.resolve("cache");
    Run run = unimo("export-shapes", "--config", config.toString(), "--out", out.toString(), "--cache", cache.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains(out + ": exists and is not empty; choose a new --out");
    assertThat(cache).doesNotExist();
    assertThat(out.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void missingOptionsAreUsageErrors() throws Exception {
    Run run = unimo("export-shapes", "--config", config().toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("missing required option --out");
    assertThat(unimo("--help").out()).contains("export-shapes");
  }
}
