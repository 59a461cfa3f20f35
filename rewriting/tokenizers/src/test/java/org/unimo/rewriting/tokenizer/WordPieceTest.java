package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTest {

  /** Line i is the token of id i; the specials are scattered as in BERT's vocabularies. */
  private static final List<String> VOCAB =
      List.of(
          "[PAD]", // 0
          "[unused0]", // 1
          "a", // 2
          "man", // 3
          "is", // 4
          "rid", // 5
          "##ing", // 6
          "[UNK]", // 7
          "[CLS]", // 8
          "[SEP]", // 9
          "[MASK]", // 10
          "horse", // 11
          ".", // 12
          ",", // 13
          "un", // 14
          "##aff", // 15
          "##able", // 16
          "cafe", // 17
          "café", // 18, NFC
          "中", // 19
          "国", // 20
          "!", // 21
          "[", // 22
          "]", // 23
          "cl", // 24
          "##s", // 25
          "𝔸", // 26, outside the BMP
          "##𝔸"); // 27

  @TempDir Path dir;

  private WordPiece uncased;
  private WordPiece cased;

  @BeforeEach
  void setUp() throws IOException {
    Path vocab = dir.resolve("vocab.txt");
    Files.writeString(vocab, String.join("\n", VOCAB) + "\n", StandardCharsets.UTF_8);
    uncased = WordPiece.read(vocab, true);
    cased = WordPiece.of(VOCAB, false);
  }

  @Test
  void splitsASentenceIntoBertPieces() {
    assertThat(uncased.pieces("A man is riding a horse."))
        .containsExactly("a", "man", "is", "rid", "##ing", "a", "horse", ".");
    assertThat(uncased.encode("A man is riding a horse."))
        .containsExactly(2, 3, 4, 5, 6, 2, 11, 12);
    assertThat(uncased.pieces("unaffable")).containsExactly("un", "##aff", "##able");
  }

  @Test
  void lowerCasingAlsoStripsAccents() {
    assertThat(uncased.pieces("Café")).containsExactly("cafe");
    assertThat(uncased.pieces("CAFE\u0301")).containsExactly("cafe"); // decomposed accent
    assertThat(cased.pieces("Café")).containsExactly("[UNK]");
    assertThat(cased.pieces("café")).containsExactly("café");
    assertThat(cased.lowerCase()).isFalse();
  }

  @Test
  void isolatesCjkIdeographsAndPunctuation() {
    assertThat(uncased.pieces("中国!")).containsExactly("中", "国", "!");
    assertThat(uncased.pieces("a中a")).containsExactly("a", "中", "a");
    assertThat(uncased.pieces("horse,man")).containsExactly("horse", ",", "man");
    assertThat(uncased.pieces("horse,,.")).containsExactly("horse", ",", ",", ".");
  }

  @Test
  void cleansControlsAndSplitsOnUnicodeWhitespace() {
    // NUL, U+FFFD, a zero-width space (Cf) and a C1 control vanish; tab, newline, no-break space
    // (Zs) and the line separator split.
    assertThat(uncased.pieces("ho\u0000r\uFFFDs\u200Be\u0085")).containsExactly("horse");
    assertThat(uncased.pieces(" a\tman\nis\u00A0a\u2028horse\r\n"))
        .containsExactly("a", "man", "is", "a", "horse");
    assertThat(uncased.encode("")).isEmpty();
    assertThat(uncased.encode(" \t\u0000 ")).isEmpty();
  }

  @Test
  void matchesWholeCodePointsOutsideTheBmp() {
    assertThat(uncased.pieces("𝔸𝔸")).containsExactly("𝔸", "##𝔸");
  }

  @Test
  void anUncoverableOrOverlongWordIsOneUnk() {
    int unk = uncased.specials().unk();
    assertThat(uncased.encode("horsey")).containsExactly(unk); // "horse" matches, "##y" cannot
    assertThat(uncased.encode("a zebra .")).containsExactly(2, unk, 12);

    // With "##a" the vocabulary covers any run of a's, so only the length rule makes 101 an [UNK].
    WordPiece withContinuation = WordPiece.of(concat(VOCAB, "##a"), true);
    assertThat(withContinuation.encode("a".repeat(100))).hasSize(100).doesNotContain(unk);
    assertThat(withContinuation.encode("a".repeat(101))).containsExactly(unk);
  }

  @Test
  void specialsAreTheVocabularysOwnIds() {
    SpecialIds s = uncased.specials();
    assertThat(s.pad()).isEqualTo(VOCAB.indexOf("[PAD]"));
    assertThat(s.unk()).isEqualTo(VOCAB.indexOf("[UNK]"));
    assertThat(s.cls()).isEqualTo(VOCAB.indexOf("[CLS]"));
    assertThat(s.sep()).isEqualTo(VOCAB.indexOf("[SEP]"));
    assertThat(s.mask()).isEqualTo(VOCAB.indexOf("[MASK]"));
    assertThat(s.all()).containsExactly(0, 1, 7, 8, 9, 10); // [unused0] included
    assertThat(uncased.vocabSize()).isEqualTo(VOCAB.size());
    assertThat(uncased.kind()).isEqualTo("wordpiece");
  }

  @Test
  void encodeNeverEmitsASpecialIdOtherThanUnk() {
    SpecialIds s = uncased.specials();
    for (WordPiece wp : List.of(uncased, cased)) {
      for (String text : List.of("[CLS]", "[MASK] a [SEP]", "[unused0]", "[PAD][UNK]")) {
        int[] ids = wp.encode(text);
        assertThat(ids).as("%s %s", wp, text).isNotEmpty();
        for (int id : ids) {
          assertThat(id == s.unk() || !s.isSpecial(id)).as("%s %s: id %d", wp, text, id).isTrue();
        }
      }
    }
    assertThat(uncased.pieces("[CLS]")).containsExactly("[", "cl", "##s", "]");
    assertThat(cased.pieces("[CLS]")).containsExactly("[", "[UNK]", "]");
  }

  @Test
  void specialLookingTokensAreNeverMatchedFromText() {
    // Even a vocabulary whose special spells a plain word cannot produce it from text.
    List<String> vocab = new ArrayList<>(VOCAB);
    vocab.add("[horse]");
    WordPiece wp = WordPiece.of(vocab, true);
    assertThat(wp.specials().isSpecial(vocab.size() - 1)).isTrue();
    assertThat(wp.pieces("[horse]")).containsExactly("[", "horse", "]");
  }

  @Test
  void decodesToTheNormalizedText() {
    assertThat(uncased.decode(uncased.encode("a man is riding a horse.")))
        .isEqualTo("a man is riding a horse .");
    assertThat(uncased.decode(uncased.encode("A man is riding a Horse!!")))
        .isEqualTo("a man is riding a horse ! !");
    SpecialIds s = uncased.specials();
    assertThat(uncased.decode(new int[] {s.cls(), 2, s.mask(), 6, s.unk(), 11, s.sep(), s.pad()}))
        .isEqualTo("aing horse");
    assertThat(uncased.decode(new int[] {6, 3})).isEqualTo("ing man");
    assertThatThrownBy(() -> uncased.decode(new int[] {VOCAB.size()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(VOCAB.size()));
  }

  @Test
  void continuationPiecesDoNotStartWords() {
    assertThat(uncased.startsWord(VOCAB.indexOf("##ing"))).isFalse();
    assertThat(uncased.startsWord(VOCAB.indexOf("rid"))).isTrue();
    assertThat(uncased.startsWord(uncased.specials().mask())).isTrue();
    int[] ids = uncased.encode("riding unaffable horse");
    assertThat(uncased.wordStarts(ids)).containsExactly(true, false, true, false, false, true);
    assertThatThrownBy(() -> uncased.startsWord(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readReportsTheFileAndLineOfADuplicate() throws IOException {
    Path vocab = dir.resolve("dup.txt");
    Files.writeString(vocab, "[PAD]\n[UNK]\nman\n[CLS]\nman\n[SEP]\n[MASK]\n");
    assertThatThrownBy(() -> WordPiece.read(vocab, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(vocab + ":5:")
        .hasMessageContaining("duplicate token 'man'")
        .hasMessageContaining("line 3");
  }

  @Test
  void readReportsTheFileAndLineOfAMissingSpecial() throws IOException {
    Path vocab = dir.resolve("nomask.txt");
    Files.writeString(vocab, "[PAD]\n[UNK]\n[CLS]\n[SEP]\nman\n");
    assertThatThrownBy(() -> WordPiece.read(vocab, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(vocab + ":5:")
        .hasMessageContaining("[MASK]");
  }

  @Test
  void readRejectsMissingEmptyAndMalformedFiles() throws IOException {
    assertThatThrownBy(() -> WordPiece.read(dir.resolve("absent.txt"), true))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("absent.txt");

    Path empty = dir.resolve("empty.txt");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> WordPiece.read(empty, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(empty + ":1:")
        .hasMessageContaining("empty vocabulary");

    Path blank = dir.resolve("blank.txt");
    Files.writeString(blank, "[PAD]\n[UNK]\n\n[CLS]\n[SEP]\n[MASK]\n");
    assertThatThrownBy(() -> WordPiece.read(blank, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(blank + ":3:")
        .hasMessageContaining("empty token");

    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, "[PAD]\n[UNK]\ncaf\u00E9\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> WordPiece.read(latin1, true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(latin1 + ":3:")
        .hasMessageContaining("UTF-8");
  }

  @Test
  void readAcceptsCrlfAndAByteOrderMark() throws IOException {
    Path vocab = dir.resolve("crlf.txt");
    Files.writeString(vocab, "\uFEFF" + String.join("\r\n", VOCAB), StandardCharsets.UTF_8);
    WordPiece wp = WordPiece.read(vocab, true);
    assertThat(wp.vocabSize()).isEqualTo(VOCAB.size());
    assertThat(wp.specials()).isEqualTo(uncased.specials());
    String text = "A man is riding a horse.";
    assertThat(wp.pieces(text)).isEqualTo(uncased.pieces(text));
  }

  @Test
  void ofNamesTheLineOfAnError() {
    assertThatThrownBy(() -> WordPiece.of(List.of(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty vocabulary");
    List<String> noUnk = new ArrayList<>(VOCAB);
    noUnk.remove("[UNK]");
    assertThatThrownBy(() -> WordPiece.of(noUnk, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line " + noUnk.size())
        .hasMessageContaining("[UNK]");
  }

  private static List<String> concat(List<String> vocab, String... more) {
    List<String> out = new ArrayList<>(vocab);
    out.addAll(Arrays.asList(more));
    return out;
  }
}
