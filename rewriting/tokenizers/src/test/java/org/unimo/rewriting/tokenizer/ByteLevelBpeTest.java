package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ByteLevelBpeTest {

  /** Symbol ids of single bytes: 6 + byte value. */
  private static final int SPACE = 6 + ' ';

  private static final int G = 6 + 'g';
  private static final int H = 6 + 'h';
  private static final int P = 6 + 'p';
  private static final int U = 6 + 'u';

  /**
   * Hand count for {@code {"hug hug hug", "pug"}}. Pre-tokens: "hug" x1, " hug" x2, "pug" x1.
   *
   * <ol>
   *   <li>Pairs: (u,g)=1+2+1=4, (h,u)=1+2=3, (' ',h)=2, (p,u)=1. Merge (u,g) -> 262 "ug".
   *   <li>Pairs: (h,ug)=3, (' ',h)=2, (p,ug)=1. Merge (h,262) -> 263 "hug".
   *   <li>Pairs: (' ',hug)=2, (p,ug)=1. Merge (' ',263) -> 264 " hug".
   *   <li>Only (p,ug)=1 is left, which does not occur twice: training stops at vocab 265.
   * </ol>
   */
  private static final List<String> HUG_CORPUS = List.of("hug hug hug", "pug");

  private static List<String> corpus;
  private static ByteLevelBpe trained;

  @BeforeAll
  static void trainOnce() {
    corpus = SyntheticCorpus.sentences(3000, 1);
    trained = ByteLevelBpe.train(corpus, 1000);
  }

  @Test
  void tinyCorpusGivesTheHandCountedMergesAndStopsWhenNoPairRepeats() {
    ByteLevelBpe bpe = ByteLevelBpe.train(HUG_CORPUS, 1000);

    assertThat(bpe.merges())
        .containsExactly(new int[] {U, G}, new int[] {H, 262}, new int[] {SPACE, 263});
    assertThat(bpe.vocabSize()).isEqualTo(265);
    assertThat(bpe.encode("hug")).containsExactly(263);
    assertThat(bpe.encode(" hug")).containsExactly(264);
    assertThat(bpe.encode("pug hug")).containsExactly(P, 262, 264);
    assertThat(bpe.decode(new int[] {262})).isEqualTo("ug");
  }

  @Test
  void trainingStopsAtTheRequestedVocabSize() {
    ByteLevelBpe bpe = ByteLevelBpe.train(HUG_CORPUS, 263);
    assertThat(bpe.vocabSize()).isEqualTo(263);
    assertThat(bpe.merges()).containsExactly(new int[] {U, G});
    assertThat(trained.vocabSize()).isEqualTo(1000);
  }

  @Test
  void tiesGoToTheSmallestPairWhateverTheCorpusOrder() {
    // (a,b) and (c,d) both occur twice; (a,b) = (103,104) < (c,d) = (105,106).
    List<String> forward = List.of("ab", "ab", "cd", "cd");
    List<String> backward = List.of("cd", "cd", "ab", "ab");
    for (List<String> c : List.of(forward, backward)) {
      assertThat(ByteLevelBpe.train(c, 300).merges())
          .containsExactly(new int[] {6 + 'a', 6 + 'b'}, new int[] {6 + 'c', 6 + 'd'});
    }
  }

  @Test
  void trainingIsDeterministic() {
    List<String> shuffled = new ArrayList<>(corpus);
    Collections.shuffle(shuffled, new Random(3));
    List<int[]> again = ByteLevelBpe.train(corpus, 1000).merges();
    List<int[]> fromShuffled = ByteLevelBpe.train(shuffled, 1000).merges();

    assertThat(again).hasSize(1000 - 262).containsExactlyElementsOf(trained.merges());
    assertThat(fromShuffled).containsExactlyElementsOf(trained.merges());
  }

  @Test
  void incrementalTrainingMatchesANaiveFullRecount() {
    List<String> small = SyntheticCorpus.sentences(300, 5);
    List<int[]> expected = naiveMerges(small, 500);
    assertThat(expected).hasSizeGreaterThan(100); // the comparison must cover many merges
    assertThat(ByteLevelBpe.train(small, 500).merges()).containsExactlyElementsOf(expected);
  }

  /** Textbook BPE: recount every pair of every word before each merge. */
  private static List<int[]> naiveMerges(List<String> texts, int vocabSize) {
    Map<String, Integer> counts = new HashMap<>();
    for (String t : texts) {
      for (String w : PreTokenizer.split(t)) {
        counts.merge(w, 1, Integer::sum);
      }
    }
    List<List<Integer>> words = new ArrayList<>();
    List<Integer> freq = new ArrayList<>();
    counts.forEach(
        (w, c) -> {
          List<Integer> symbols = new ArrayList<>();
          for (byte b : w.getBytes(StandardCharsets.UTF_8)) {
            symbols.add(6 + (b & 0xFF));
          }
          words.add(symbols);
          freq.add(c);
        });
    List<int[]> merges = new ArrayList<>();
    while (262 + merges.size() < vocabSize) {
      Map<List<Integer>, Integer> pairs = new HashMap<>();
      for (int w = 0; w < words.size(); w++) {
        List<Integer> s = words.get(w);
        for (int i = 0; i + 1 < s.size(); i++) {
          pairs.merge(List.of(s.get(i), s.get(i + 1)), freq.get(w), Integer::sum);
        }
      }
      List<Integer> best = null;
      int bestCount = 0;
      for (Map.Entry<List<Integer>, Integer> e : pairs.entrySet()) {
        List<Integer> p = e.getKey();
        int c = e.getValue();
        boolean better =
            c > bestCount
                || (c == bestCount
                    && best != null
                    && (p.get(0) < best.get(0)
                        || (p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))));
        if (better) {
          best = p;
          bestCount = c;
        }
      }
      if (best == null || bestCount < 2) {
        break;
      }
      int merged = 262 + merges.size();
      merges.add(new int[] {best.get(0), best.get(1)});
      for (List<Integer> s : words) {
        for (int i = 0; i + 1 < s.size(); i++) {
          if (s.get(i).equals(best.get(0)) && s.get(i + 1).equals(best.get(1))) {
            s.set(i, merged);
            s.remove(i + 1);
          }
        }
      }
    }
    return merges;
  }

  static Stream<String> roundTripTexts() {
    return Stream.of(
        "",
        " ",
        "A man riding a red bicycle down the street.",
        "  leading, trailing and   inner   spaces  ",
        "tabs\tnew\nlines\r\nand\u000Bcontrols\u0000\u001F",
        "Café, naïve, Übergröße, smörgåsbord",
        "Ελληνικά и кириллица, עברית, العربية",
        "東京の猫が寝ている。한국어 텍스트",
        "emoji 😀 family 👨‍👩‍👧‍👦 flag 🇫🇷 skin 👍🏽 keycap 1️⃣",
        "math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and combining e\u0301",
        "text spelling [CLS] [MASK] <|endoftext|> stays text",
        "unpaired \uD83D surrogate and \uDE00 low one",
        "don't we'll they've I'M 12345 3.14 $$$ ...!!!");
  }

  @ParameterizedTest
  @MethodSource("roundTripTexts")
  void decodeInvertsEncode(String text) {
    ByteLevelBpe bytesOnly = ByteLevelBpe.train(List.of(), 262);
    for (ByteLevelBpe bpe : List.of(trained, bytesOnly)) {
      int[] ids = bpe.encode(text);
      assertThat(bpe.decode(ids)).isEqualTo(text);
      assertThat(Arrays.stream(ids).boxed())
          .allSatisfy(id -> assertThat(id).isBetween(SpecialTokens.COUNT, bpe.vocabSize() - 1));
    }
    // Without merges every id is one byte of the UTF-8 text.
    assertThat(bytesOnly.encode(text)).hasSize(Utf8.encode(text).length);
  }

  @Test
  void trainedVocabularyCompressesItsCorpus() {
    long bytes = 0;
    long tokens = 0;
    for (String s : corpus) {
      bytes += s.getBytes(StandardCharsets.UTF_8).length;
      tokens += trained.encode(s).length;
    }
    // Measured ratio is about 0.2; a broken merge order would leave it near 1.
    assertThat(tokens).isLessThan(bytes / 3);
  }

  @Test
  void decodeSkipsSpecialsAndRejectsUnknownIds() {
    int[] ids = trained.encode("a red bus");
    int[] framed = new int[ids.length + 3];
    framed[0] = SpecialTokens.CLS;
    System.arraycopy(ids, 0, framed, 1, ids.length);
    framed[ids.length + 1] = SpecialTokens.SEP;
    framed[ids.length + 2] = SpecialTokens.PAD;
    assertThat(trained.decode(framed)).isEqualTo("a red bus");

    assertThatThrownBy(() -> trained.decode(new int[] {1000}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> trained.decode(new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void startsWordMarksPiecesThatBeginWithWhitespace() {
    ByteLevelBpe bpe = ByteLevelBpe.train(HUG_CORPUS, 1000);
    assertThat(bpe.startsWord(264)).as("' hug'").isTrue();
    assertThat(bpe.startsWord(SPACE)).as("' '").isTrue();
    assertThat(bpe.startsWord(6 + '\n')).as("newline").isTrue();
    assertThat(bpe.startsWord(263)).as("'hug'").isFalse();
    assertThat(bpe.startsWord(262)).as("'ug'").isFalse();
    assertThat(bpe.startsWord(SpecialTokens.CLS)).isTrue();
    assertThatThrownBy(() -> bpe.startsWord(265)).isInstanceOf(IllegalArgumentException.class);

    // "hug pug": hug | ' ' p ug — the first piece and " p" start words, "ug" continues one.
    int[] ids = bpe.encode("hug pug");
    assertThat(ids).containsExactly(263, SPACE, P, 262);
    assertThat(bpe.wordStarts(ids)).containsExactly(true, true, false, false);
    assertThat(bpe.wordStarts(new int[] {SpecialTokens.CLS, 262, SpecialTokens.SEP, 262, 262}))
        .containsExactly(true, true, true, true, false);
  }

  @Test
  void kindIsByteBpe() {
    assertThat(trained.kind()).isEqualTo("byte_bpe");
  }

  @Test
  void rejectsVocabSizeBelowTheByteAlphabet() {
    assertThatThrownBy(() -> ByteLevelBpe.train(HUG_CORPUS, 261))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("262");
  }

  @Test
  void mergesIsADefensiveCopy() {
    ByteLevelBpe bpe = ByteLevelBpe.train(HUG_CORPUS, 1000);
    bpe.merges().get(0)[0] = 99;
    assertThat(bpe.merges().get(0)).containsExactly(U, G);
    assertThatThrownBy(() -> bpe.merges().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void writeThenReadRestoresTheSameTokenizer(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bpe.txt");
    Files.writeString(file, "stale contents to be replaced\n");
    trained.write(file);

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo(ByteLevelBpe.HEADER);
    assertThat(lines).hasSize(1 + trained.merges().size());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no temporary file left behind").containsExactly(file);
    }

    ByteLevelBpe back = ByteLevelBpe.read(file);
    assertThat(back.merges()).containsExactlyElementsOf(trained.merges());
    assertThat(back.vocabSize()).isEqualTo(trained.vocabSize());
    for (String s : corpus.subList(0, 200)) {
      assertThat(back.encode(s)).isEqualTo(trained.encode(s));
    }
  }

  static Stream<Arguments> malformedFiles() {
    String h = ByteLevelBpe.HEADER + "\n";
    return Stream.of(
        Arguments.of("", 1, "empty"),
        Arguments.of("#unimo-byte-bpe v2\n", 1, "header"),
        Arguments.of(h + "107 109\n1 2 3\n", 3, "two ids"),
        Arguments.of(h + "107 x\n", 2, "not a symbol id"),
        Arguments.of(h + "107 -8\n", 2, "not a symbol id"),
        Arguments.of(h + "\n", 2, "two ids"),
        Arguments.of(h + "107  109\n", 2, "two ids"),
        Arguments.of(h + "5 109\n", 2, "[6, 262)"), // a special cannot be merged
        Arguments.of(h + "107 109\n262 263\n", 3, "[6, 263)"), // refers to itself
        Arguments.of(h + "107 109\n108 109\n107 109\n", 4, "duplicate"));
  }

  @ParameterizedTest
  @MethodSource("malformedFiles")
  void malformedFileErrorNamesFileAndLine(
      String contents, int line, String detail, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.bpe");
    Files.writeString(file, contents);
    assertThatThrownBy(() -> ByteLevelBpe.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ":" + line + ":")
        .hasMessageContaining(detail);
  }

  @Test
  void invalidUtf8IsReportedWithItsLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("binary.bpe");
    byte[] header = (ByteLevelBpe.HEADER + "\n107 109\n").getBytes(StandardCharsets.US_ASCII);
    byte[] contents = Arrays.copyOf(header, header.length + 2);
    contents[header.length] = (byte) 0xC3;
    contents[header.length + 1] = '\n';
    Files.write(file, contents);
    assertThatThrownBy(() -> ByteLevelBpe.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ":3:");
  }

  @Test
  void trainsA4000EntryVocabularyOn30kSentencesQuickly() {
    List<String> big = SyntheticCorpus.sentences(30_000, 42);
    long start = System.nanoTime();
    ByteLevelBpe bpe = ByteLevelBpe.train(big, 4000);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(bpe.vocabSize()).isEqualTo(4000);
    // About one second on a laptop core; the bound only catches a return to per-merge recounting,
    // which takes minutes.
    assertThat(millis).as("training time in ms").isLessThan(20_000);
  }
}
