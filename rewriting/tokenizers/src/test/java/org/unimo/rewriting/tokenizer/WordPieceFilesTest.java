package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WordPiece#write(Path)} and {@link WordPiece#fromTokenizerJson(Path)}. */
class WordPieceFilesTest {
  private static final List<String> VOCAB =
      List.of("[PAD]", "[unused0]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "man", "rid", "##ing", "cafe", "café", ".");

  @TempDir Path dir;

  // ---------------------------------------------------------------------------------------------
  // write

  @Test
  void writeStoresOneTokenPerLineThatReadRestores() throws IOException {
    WordPiece wp = WordPiece.of(VOCAB, true);
    Path file = dir.resolve("vocab.txt");
    wp.write(file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(String.join("\n", VOCAB) + "\n");
    WordPiece back = WordPiece.read(file, true);
    assertThat(back.vocabulary()).isEqualTo(VOCAB);
    assertThat(back.specials()).isEqualTo(wp.specials());
    assertThat(back.encode("A man riding, Café.")).containsExactly(wp.encode("A man riding, Café."));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void writeReplacesAnExistingFile() throws IOException {
    Path file = dir.resolve("vocab.txt");
    Files.writeString(file, "an older, longer vocabulary\n".repeat(100));
    WordPiece.of(VOCAB, false).write(file);
    assertThat(WordPiece.read(file, false).vocabulary()).isEqualTo(VOCAB);
  }

  @Test
  void writeRefusesATokenThatIsNotALine() {
    Path file = dir.resolve("vocab.txt");
    for (String bad : List.of("a\nb", "a\r")) {
      WordPiece wp = WordPiece.of(Stream.concat(VOCAB.stream(), Stream.of(bad)).toList(), true);
      assertThatThrownBy(() -> wp.write(file))
          .isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("token " + VOCAB.size());
    }
    assertThat(file).doesNotExist();
  }

  // ---------------------------------------------------------------------------------------------
  // fromTokenizerJson

  /** A BERT tokenizer.json as the Hub has them, over {@link #VOCAB}, edited by {@code edit}. */
  private Path tokenizerJson(Consumer<JsonObject> edit) throws IOException {
    JsonObject vocab = new JsonObject();
    for (int i = 0; i < VOCAB.size(); i++) {
      vocab.addProperty(VOCAB.get(i), i);
    }
    JsonObject model = new JsonObject();
    model.addProperty("type", "WordPiece");
    model.addProperty("unk_token", "[UNK]");
    model.addProperty("continuing_subword_prefix", "##");
    model.addProperty("max_input_chars_per_word", 100);
    model.add("vocab", vocab);
    JsonObject normalizer = new JsonObject();
    normalizer.addProperty("type", "BertNormalizer");
    normalizer.addProperty("clean_text", true);
    normalizer.addProperty("handle_chinese_chars", true);
    normalizer.add("strip_accents", JsonNull.INSTANCE);
    normalizer.addProperty("lowercase", true);
    JsonObject preTokenizer = new JsonObject();
    preTokenizer.addProperty("type", "BertPreTokenizer");
    JsonArray added = new JsonArray();
    for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
      JsonObject token = new JsonObject();
      token.addProperty("id", VOCAB.indexOf(special));
      token.addProperty("content", special);
      token.addProperty("special", true);
      added.add(token);
    }
    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", JsonNull.INSTANCE);
    root.add("added_tokens", added);
    root.add("normalizer", normalizer);
    root.add("pre_tokenizer", preTokenizer);
    root.add("model", model);
    edit.accept(root);
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, root.toString(), StandardCharsets.UTF_8);
    return file;
  }

  private static JsonObject model(JsonObject root) {
    return root.getAsJsonObject("model");
  }

  private static JsonObject normalizer(JsonObject root) {
    return root.getAsJsonObject("normalizer");
  }

  @Test
  void readsTheVocabularyInIdOrderAndTheNormalizersCase() throws IOException {
    WordPiece uncased = WordPiece.fromTokenizerJson(tokenizerJson(root -> {}));
    assertThat(uncased.vocabulary()).isEqualTo(VOCAB);
    assertThat(uncased.lowerCase()).isTrue();
    assertThat(uncased.specials()).isEqualTo(WordPiece.of(VOCAB, true).specials());
    assertThat(uncased.pieces("A man riding, Café.")).containsExactly("a", "man", "rid", "##ing", "[UNK]", "cafe", ".");

    WordPiece cased = WordPiece.fromTokenizerJson(tokenizerJson(root -> normalizer(root).addProperty("lowercase", false)));
    assertThat(cased.lowerCase()).isFalse();
    assertThat(cased.pieces("a café")).containsExactly("a", "café");

    // strip_accents spelled out, agreeing with lowercase; max_input_chars_per_word and
    // added_tokens left out.
    assertThat(
            WordPiece.fromTokenizerJson(
                    tokenizerJson(
                        root -> {
                          normalizer(root).addProperty("strip_accents", true);
                          model(root).remove("max_input_chars_per_word");
                          root.remove("added_tokens");
                        }))
                .lowerCase())
        .isTrue();
    assertThat(
            WordPiece.fromTokenizerJson(
                    tokenizerJson(
                        root -> {
                          normalizer(root).addProperty("lowercase", false);
                          normalizer(root).addProperty("strip_accents", false);
                        }))
                .lowerCase())
        .isFalse();
  }

  @Test
  void aReaderIsNamedByItsSource() throws IOException {
    String json = Files.readString(tokenizerJson(root -> model(root).addProperty("type", "BPE")));
    assertThatThrownBy(() -> WordPiece.fromTokenizerJson(new StringReader(json), "jar:/x/tokenizer.json"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("jar:/x/tokenizer.json: model.type: ");
    assertThat(WordPiece.fromTokenizerJson(new StringReader(json.replace("\"BPE\"", "\"WordPiece\"")), "x").vocabSize())
        .isEqualTo(VOCAB.size());
  }

  private void assertRefused(Consumer<JsonObject> edit, String field, String detail) throws IOException {
    Path file = tokenizerJson(edit);
    assertThatThrownBy(() -> WordPiece.fromTokenizerJson(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ": " + field + ": ")
        .hasMessageContaining(detail);
  }

  @Test
  void otherModelsAndNormalizationsAreRefusedNamingTheFileAndTheField() throws IOException {
    assertRefused(root -> model(root).addProperty("type", "BPE"), "model.type", "\"BPE\" is not \"WordPiece\"");
    assertRefused(root -> model(root).addProperty("type", "Unigram"), "model.type", "\"Unigram\"");
    assertRefused(root -> root.remove("model"), "model", "expected an object, found nothing");
    assertRefused(root -> model(root).addProperty("unk_token", "<unk>"), "model.unk_token", "\"<unk>\" is not \"[UNK]\"");
    assertRefused(root -> model(root).addProperty("continuing_subword_prefix", "@@"), "model.continuing_subword_prefix", "\"@@\"");
    assertRefused(root -> model(root).addProperty("max_input_chars_per_word", 200), "model.max_input_chars_per_word", "200 is not 100");

    assertRefused(
        root -> {
          normalizer(root).addProperty("lowercase", false);
          normalizer(root).addProperty("strip_accents", true);
        },
        "normalizer.strip_accents",
        "true with lowercase false");
    assertRefused(root -> normalizer(root).addProperty("strip_accents", false), "normalizer.strip_accents", "false with lowercase true");
    assertRefused(root -> normalizer(root).addProperty("type", "Sequence"), "normalizer.type", "\"Sequence\" is not \"BertNormalizer\"");
    assertRefused(root -> root.add("normalizer", JsonNull.INSTANCE), "normalizer", "missing");
    assertRefused(root -> normalizer(root).addProperty("handle_chinese_chars", false), "normalizer.handle_chinese_chars", "false");
    assertRefused(root -> normalizer(root).addProperty("clean_text", false), "normalizer.clean_text", "false");
    assertRefused(root -> normalizer(root).addProperty("lowercase", "yes"), "normalizer.lowercase", "expected true or false");
    assertRefused(
        root -> root.getAsJsonObject("pre_tokenizer").addProperty("type", "Whitespace"),
        "pre_tokenizer.type",
        "\"Whitespace\" is not \"BertPreTokenizer\"");
  }

  @Test
  void aBrokenVocabularyOrAddedTokensAreRefusedNamingTheField() throws IOException {
    assertRefused(root -> model(root).getAsJsonObject("vocab").addProperty("man", 40), "model.vocab[\"man\"]", "id 40 out of range [0, 13)");
    assertRefused(root -> model(root).getAsJsonObject("vocab").addProperty("man", 6), "model.vocab[\"man\"]", "id 6 is also the id of \"a\"");
    assertRefused(root -> model(root).getAsJsonObject("vocab").addProperty("man", 7.5), "model.vocab[\"man\"]", "expected an integer, found 7.5");
    assertRefused(root -> model(root).getAsJsonObject("vocab").addProperty("", 13), "model.vocab[\"\"]", "empty token");
    assertRefused(
        root -> {
          JsonObject vocab = model(root).getAsJsonObject("vocab");
          vocab.remove("[MASK]");
          vocab.addProperty("mask", VOCAB.indexOf("[MASK]"));
        },
        "model.vocab",
        "without the required special token [MASK]");
    assertRefused(
        root -> {
          JsonObject token = new JsonObject();
          token.addProperty("id", 13);
          token.addProperty("content", "<extra>");
          token.addProperty("special", true);
          root.getAsJsonArray("added_tokens").add(token);
        },
        "added_tokens[5]",
        "\"<extra>\" with id 13 is not that token of model.vocab");
    assertRefused(
        root -> root.getAsJsonArray("added_tokens").get(0).getAsJsonObject().addProperty("special", false),
        "added_tokens[0]",
        "\"[PAD]\" is not special; only special added tokens are read");
  }

  @Test
  void aFileThatIsNotJsonIsRefusedNamingIt() throws IOException {
    Path file = dir.resolve("tokenizer.json");
    Files.writeString(file, "{\"model\": {\"type\": \"WordPiece\",");
    assertThatThrownBy(() -> WordPiece.fromTokenizerJson(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ": not a JSON file");
    Files.writeString(file, "");
    assertThatThrownBy(() -> WordPiece.fromTokenizerJson(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ": (top level): expected an object");
    assertThatThrownBy(() -> WordPiece.fromTokenizerJson(dir.resolve("absent.json")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("absent.json");
  }
}
