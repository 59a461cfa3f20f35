package org.unimo.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.LiveModel;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.ByteLevelBpe;
import org.unimo.rewriting.tokenizer.WordPiece;

class ExportTest {
  private static final List<String> CORPUS =
      List.of("a small red circle above a blue square", "a large green triangle", "two shapes");

  private static ModelSpec spec() {
    return Presets.tinyRetrieval()
        .text(t -> t.byteBpe(300).maxLength(12))
        .image(i -> i.featureSize(6).maxRegions(3))
        .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(16))
        .maskedLm(m -> m.maxPredictions(2))
        .compile(c -> c.xla(org.unimo.dsl.XlaMode.OFF))
        .build();
  }

  private static List<ImageRegions> images(int n) {
    Random random = new Random(3);
    List<ImageRegions> images = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      int regions = 1 + i % 3;
      float[][] f = new float[regions][6];
      float[][] b = new float[regions][5];
      for (int r = 0; r < regions; r++) {
        for (int k = 0; k < 6; k++) f[r][k] = random.nextFloat();
        for (int k = 0; k < 5; k++) b[r][k] = random.nextFloat();
      }
      images.add(new ImageRegions(f, b));
    }
    return images;
  }

  @Test
  void theReloadedModelEmbedsLikeTheInMemoryGraph(@TempDir Path dir) throws Exception {
    ModelSpec spec = spec();
    ByteLevelBpe tokenizer = ByteLevelBpe.train(CORPUS, 300);
    List<ImageRegions> images = images(4);
    float[][] texts;
    float[][] imageRows;
    Path export = dir.resolve("export");
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      texts = model.embedTexts(TextBatch.encode(tokenizer, CORPUS, 12));
      imageRows = model.embedImages(ImageBatch.of(images, 3, 6, 5));
      ModelExporter.export(model, tokenizer, export);
      assertThatThrownBy(() -> ModelExporter.export(model, tokenizer, export))
          .isInstanceOf(FileAlreadyExistsException.class);
    }
    assertThat(export.resolve("saved_model.pb")).isRegularFile();
    assertThat(export.resolve("assets.extra/spec.textproto")).isRegularFile();
    try (var siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("export");
    }

    try (Predictor predictor = Predictor.load(export)) {
      assertThat(predictor.spec()).isEqualTo(spec);
      float[][] reloaded = predictor.embedTexts(CORPUS);
      float[][] reloadedImages = predictor.embedImages(images);
      for (int i = 0; i < texts.length; i++) {
        assertThat(reloaded[i]).containsExactly(texts[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
      for (int i = 0; i < imageRows.length; i++) {
        assertThat(reloadedImages[i]).containsExactly(imageRows[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
      float[][] scores = predictor.scores(CORPUS.subList(0, 2), images);
      assertThat(scores).hasDimensions(2, 4);
      float dot = 0;
      for (int k = 0; k < texts[1].length; k++) dot += texts[1][k] * imageRows[2][k];
      assertThat(scores[1][2]).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void aWordPieceModelExportsItsVocabularyAndReloadsWithIt(@TempDir Path dir) throws Exception {
    List<String> vocab =
        List.of("[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "small", "red", "circle", "large", "green", "tri", "##angle", "two", "shape", "##s");
    ModelSpec spec =
        ModelSpec.builder("wordpiece")
            .text(t -> t.wordPiece(vocab.size(), false).maxLength(12))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(16))
            .maskedLm(m -> m.maxPredictions(2))
            .compile(c -> c.xla(org.unimo.dsl.XlaMode.OFF))
            .build();
    WordPiece tokenizer = WordPiece.of(vocab, false);
    Path export = dir.resolve("export");
    float[][] texts;
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel model = LiveModel.open(compiled)) {
      texts = model.embedTexts(TextBatch.encode(tokenizer, CORPUS, 12));
      ModelExporter.export(model, tokenizer, export);
    }
    assertThat(Files.readAllLines(export.resolve("assets.extra/vocab.txt"))).isEqualTo(vocab);

    try (Predictor predictor = Predictor.load(export)) {
      assertThat(predictor.tokenizer()).isInstanceOf(WordPiece.class);
      WordPiece reloaded = (WordPiece) predictor.tokenizer();
      assertThat(reloaded.vocabulary()).isEqualTo(vocab);
      assertThat(reloaded.lowerCase()).isFalse();
      float[][] rows = predictor.embedTexts(CORPUS);
      for (int i = 0; i < texts.length; i++) {
        assertThat(rows[i]).containsExactly(texts[i], org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void loadingADirectoryWithoutAModelSaysSo(@TempDir Path dir) {
    assertThatThrownBy(() -> Predictor.load(dir))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("saved_model.pb missing");
  }
}
