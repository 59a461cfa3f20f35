package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WordPiece on a real BERT vocabulary: the 30522 tokens of all-MiniLM-L6-v2 (BERT's uncased
 * vocabulary), read from the model's tokenizer.json on the test class path.
 */
class WordPieceRealVocabularyTest {
  private static WordPiece miniLm;

  @BeforeAll
  static void readVocabulary() throws Exception {
    JsonObject vocab;
    try (InputStream in = WordPieceRealVocabularyTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
      assertThat(in).as("the MiniLM artifact on the test class path").isNotNull();
      vocab =
          JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
              .getAsJsonObject()
              .getAsJsonObject("model")
              .getAsJsonObject("vocab");
    }
    String[] tokens = new String[vocab.size()];
    vocab.entrySet().forEach(e -> tokens[e.getValue().getAsInt()] = e.getKey());
    List<String> ordered = new ArrayList<>(Arrays.asList(tokens));
    assertThat(ordered).doesNotContainNull();
    miniLm = WordPiece.of(ordered, true);
  }

  @Test
  void bertsSpecialIdsComeFromTheVocabulary() {
    SpecialIds ids = miniLm.specials();
    assertThat(ids.pad()).isEqualTo(0);
    assertThat(ids.unk()).isEqualTo(100);
    assertThat(ids.cls()).isEqualTo(101);
    assertThat(ids.sep()).isEqualTo(102);
    assertThat(ids.mask()).isEqualTo(103);
    assertThat(ids.isSpecial(1)).as("[unused0]").isTrue();
    assertThat(miniLm.vocabSize()).isEqualTo(30522);
  }

  @Test
  void theReferenceSentenceTokenizesAsTheModelsOwnTokenizerDoes() {
    // ../shared/FIELD_NOTES.md: "A man is riding a horse." -> [CLS] a man is riding a horse . [SEP]
    assertThat(miniLm.pieces("A man is riding a horse.")).containsExactly("a", "man", "is", "riding", "a", "horse", ".");
    int[] ids = miniLm.encode("A man is riding a horse.");
    assertThat(ids).hasSize(7).doesNotContain(miniLm.specials().unk());
    assertThat(miniLm.decode(ids)).isEqualTo("a man is riding a horse .");
  }

  @Test
  void theTokenizerJsonReadsAsTheVocabularyAndSurvivesVocabTxt(@TempDir Path dir) throws Exception {
    WordPiece fromJson;
    try (Reader in =
        new InputStreamReader(
            WordPieceRealVocabularyTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json"),
            StandardCharsets.UTF_8)) {
      fromJson = WordPiece.fromTokenizerJson(in, "all-minilm-l6-v2-tokenizer.json");
    }
    assertThat(fromJson.vocabulary()).isEqualTo(miniLm.vocabulary());
    assertThat(fromJson.lowerCase()).isTrue();
    assertThat(fromJson.specials()).isEqualTo(miniLm.specials());

    Path vocabTxt = dir.resolve("vocab.txt");
    fromJson.write(vocabTxt);
    assertThat(Files.readAllLines(vocabTxt, StandardCharsets.UTF_8)).hasSize(30522).startsWith("[PAD]", "[unused0]");
    WordPiece back = WordPiece.read(vocabTxt, true);
    assertThat(back.vocabulary()).isEqualTo(fromJson.vocabulary());
    String text = "Café, naïve résumé! 東京 unaffable";
    assertThat(back.encode(text)).containsExactly(fromJson.encode(text));
  }

  @Test
  void accentsCjkAndPunctuationFollowBertsNormalization() {
    assertThat(miniLm.pieces("Café, naïve résumé!")).containsExactly("cafe", ",", "naive", "resume", "!");
    assertThat(miniLm.pieces("東京")).containsExactly("東", "京");
    assertThat(miniLm.pieces("unaffable")).allSatisfy(p -> assertThat(p).isNotEqualTo("[UNK]"));
    assertThat(miniLm.pieces("unaffable").size()).isGreaterThan(1);
  }
}
