package org.unimo.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.dsl.TokenizerKind;
import org.unimo.rewriting.tokenizer.ByteLevelBpe;
import org.unimo.rewriting.tokenizer.Gpt2Tokenizer;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.rewriting.tokenizer.WordPiece;

/**
 * The tokenizer files of a model, as {@link ModelExporter} writes them into {@code assets.extra/}
 * and {@link Predictor} reads them back (both through {@link TokenizerFiles}); no TensorFlow.
 */
class TokenizerFilesTest {
  /** A small BERT-like vocabulary: specials where BERT has them relative to each other. */
  private static final List<String> VOCAB =
      List.of("[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "man", "rid", "##ing", "cafe", "café", ".");

  @TempDir Path dir;

  private static ModelSpec wordPieceSpec(int vocabSize, boolean lowerCase) {
    return Presets.tiny().text(t -> t.wordPiece(vocabSize, lowerCase)).build();
  }

  @Test
  void aWordPieceIsKeptAsVocabTxtAndReadBackWithTheSpecsCase() throws IOException {
    for (boolean lowerCase : new boolean[] {true, false}) {
      Path model = Files.createDirectories(dir.resolve("lower-" + lowerCase));
      ModelSpec spec = wordPieceSpec(VOCAB.size(), lowerCase);
      WordPiece written = WordPiece.of(VOCAB, lowerCase);

      TokenizerFiles.write(written, model);
      try (Stream<Path> files = Files.list(model)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactlyElementsOf(TokenizerFiles.fileNames(spec));
      }
      assertThat(TokenizerFiles.fileNames(spec)).containsExactly(TokenizerFiles.VOCAB_FILE);
      assertThat(Files.readAllLines(model.resolve("vocab.txt"), StandardCharsets.UTF_8)).isEqualTo(VOCAB);

      Tokenizer read = TokenizerFiles.read(spec, model);
      assertThat(read).isInstanceOf(WordPiece.class);
      WordPiece wp = (WordPiece) read;
      assertThat(wp.vocabulary()).isEqualTo(VOCAB);
      assertThat(wp.lowerCase()).isEqualTo(lowerCase);
      assertThat(wp.specials()).isEqualTo(written.specials());
      assertThat(wp.encode("A man riding, Café.")).containsExactly(written.encode("A man riding, Café."));
    }
  }

  @Test
  void aVocabularySmallerThanTheSpecsIsFineALargerOneIsNot() throws IOException {
    WordPiece.of(VOCAB, true).write(dir.resolve("vocab.txt"));
    assertThat(TokenizerFiles.read(wordPieceSpec(100, true), dir).vocabSize()).isEqualTo(VOCAB.size());
    assertThatThrownBy(() -> TokenizerFiles.read(wordPieceSpec(10, true), dir))
        .isInstanceOf(IOException.class)
        .hasMessage(dir.resolve("vocab.txt") + ": 13 ids, more than text.tokenizer.vocab_size (10)");
  }

  @Test
  void aMissingOrMalformedVocabularyIsAnErrorNamingTheFile() throws IOException {
    ModelSpec spec = wordPieceSpec(VOCAB.size(), true);
    Path file = dir.resolve("vocab.txt");
    assertThatThrownBy(() -> TokenizerFiles.read(spec, dir))
        .isInstanceOf(IOException.class)
        .hasMessage(file + ": missing; a WORDPIECE model keeps its vocabulary there");

    Files.writeString(file, "[PAD]\n[UNK]\n[CLS]\n[SEP]\nman\n");
    assertThatThrownBy(() -> TokenizerFiles.read(spec, dir))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ":5: malformed vocabulary")
        .hasMessageContaining("[MASK]");
  }

  @Test
  void aWordPieceIsNotBuiltFromACorpus() {
    assertThatThrownBy(() -> TokenizerFiles.build(wordPieceSpec(VOCAB.size(), true), List.of("a corpus")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "text.tokenizer.kind: WORDPIECE comes with an imported checkpoint; start from it with --init DIR (unimo import)");
  }

  @Test
  void eachKindNamesItsFiles() throws IOException {
    assertThat(TokenizerFiles.fileNames(TokenizerKind.BYTE_BPE)).containsExactly("tokenizer.bpe");
    assertThat(TokenizerFiles.fileNames(TokenizerKind.GPT2_R50K)).isEmpty();
    assertThat(TokenizerFiles.fileNames(TokenizerKind.WORDPIECE)).containsExactly("vocab.txt");
    for (TokenizerKind kind : TokenizerKind.values()) {
      assertThat(TokenizerFiles.fileNames(kind)).isNotNull();
    }

    // The byte-level BPE and GPT-2 as before: the merges file, and nothing.
    ModelSpec bpeSpec = Presets.tiny().text(t -> t.byteBpe(300)).build();
    ByteLevelBpe bpe = ByteLevelBpe.train(List.of("a small red circle", "a large green triangle"), 300);
    Path bpeDir = Files.createDirectories(dir.resolve("bpe"));
    TokenizerFiles.write(bpe, bpeDir);
    try (Stream<Path> files = Files.list(bpeDir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyElementsOf(TokenizerFiles.fileNames(bpeSpec));
    }
    assertThat(TokenizerFiles.read(bpeSpec, bpeDir).encode("a red circle")).containsExactly(bpe.encode("a red circle"));

    Path gpt2Dir = Files.createDirectories(dir.resolve("gpt2"));
    TokenizerFiles.write(Gpt2Tokenizer.load(), gpt2Dir);
    try (Stream<Path> files = Files.list(gpt2Dir)) {
      assertThat(files).isEmpty();
    }
  }
}
