package org.unimo.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldCache;
import org.unimo.tasks.eval.Recall;
import org.unimo.tasks.imports.ImportDir;

/** The import examples run: Java and Kotlin embed alike, and pre-training continues from the import. */
class ImportExamplesTest {
  @TempDir static Path dir;
  static ImportDir minilm;

  @BeforeAll
  static void importOnce() throws Exception {
    minilm = ImportedEncoderExample.minilm(dir.resolve("minilm"));
  }

  @Test
  void javaAndKotlinEmbedTheSameAndGiveTheOriginalCosine() throws Exception {
    List<String> sentences = List.of("A man is riding a horse.", "A person rides an animal.");
    double[][] cosines = ImportedEncoderExample.cosines(minilm, sentences);
    assertThat(cosines[0][1]).isCloseTo(0.5795, offset(1e-3));
    float[][] kotlin = ImportedEncoderKt.embed(ImportedEncoderKt.importMiniLm(dir.resolve("minilm")), sentences);
    double dot = 0;
    for (int k = 0; k < kotlin[0].length; k++) {
      dot += kotlin[0][k] * (double) kotlin[1][k];
    }
    assertThat(dot).isCloseTo(cosines[0][1], offset(1e-6));
  }

  @Test
  void theContinuedPretrainingScriptIsTheCommittedConfigAndTrains() throws Exception {
    ModelSpec spec = ContinuedPretrainingExample.spec(minilm, 300);
    assertThat(spec.fingerprint()).isEqualTo(ModelSpec.read(Path.of("configs", "minilm-shapes.textproto")).fingerprint());
    ModelSpec small =
        spec.withOverrides(
            List.of(
                "training.steps=2",
                "training.batch_size=8",
                "data.shapes_world.train_scenes=32",
                "data.shapes_world.heldout_scenes=8",
                "data.shapes_world.image_only_scenes=8",
                "data.shapes_world.wordnet_glosses=16"));
    ShapesWorldData world = ShapesWorldCache.load(dir.resolve("cache"), ShapesWorldConfig.of(small));
    Recall[] recall = ContinuedPretrainingExample.run(minilm, small, world, dir.resolve("run"));
    assertThat(recall).hasSize(2);
    assertThat(recall[1].candidates()).isEqualTo(8);
    assertThat(recall[1].textToImage()).isBetween(0.0, 1.0);
  }
}
