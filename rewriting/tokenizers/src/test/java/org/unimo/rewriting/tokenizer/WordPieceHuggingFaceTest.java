package org.unimo.rewriting.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our pure-Java WordPiece against HuggingFace's own tokenizers library (its Rust implementation,
 * 0.21, through DJL's JNI binding), both reading all-MiniLM-L6-v2's tokenizer.json: the same ids.
 * The library is the reference because the checkpoints the toolkit imports were used with it.
 *
 * <p>DJL's native library is inside its jar; it is unpacked to ~/.djl.ai on first use, and DJL is
 * told to stay offline.
 */
class WordPieceHuggingFaceTest {
  private static final String RESOURCE = "/all-minilm-l6-v2-tokenizer.json";

  @TempDir static Path dir;

  /** The file as the model ships it: uncased (BertNormalizer lowercase true, strip_accents null). */
  private static HuggingFaceTokenizer reference;

  private static WordPiece ours;

  /** The same vocabulary with lowercase false: the cased path (no lower-casing, no accent stripping). */
  private static HuggingFaceTokenizer casedReference;

  private static WordPiece cased;

  @BeforeAll
  static void load() throws IOException {
    System.setProperty("ai.djl.offline", "true");
    Path json = dir.resolve("tokenizer.json");
    try (InputStream in = WordPieceHuggingFaceTest.class.getResourceAsStream(RESOURCE)) {
      assertThat(in).as("the MiniLM artifact on the test class path").isNotNull();
      Files.copy(in, json);
    }
    reference = huggingFace(json);
    ours = WordPiece.fromTokenizerJson(json);

    JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    root.getAsJsonObject("normalizer").addProperty("lowercase", false);
    Path casedJson = Files.createDirectories(dir.resolve("cased")).resolve("tokenizer.json");
    Files.writeString(casedJson, root.toString(), StandardCharsets.UTF_8);
    casedReference = huggingFace(casedJson);
    cased = WordPiece.fromTokenizerJson(casedJson);
    assertThat(ours.lowerCase()).isTrue();
    assertThat(cased.lowerCase()).isFalse();
  }

  private static HuggingFaceTokenizer huggingFace(Path json) throws IOException {
    // No truncation or padding (the file asks for both, at 128): whole sequences are compared.
    return HuggingFaceTokenizer.builder()
        .optTokenizerPath(json)
        .optAddSpecialTokens(true)
        .optTruncation(false)
        .optPadding(false)
        .build();
  }

  @AfterAll
  static void close() {
    for (HuggingFaceTokenizer t : new HuggingFaceTokenizer[] {reference, casedReference}) {
      if (t != null) {
        t.close();
      }
    }
  }

  /** Real sentences: accents, scripts, CJK, punctuation and quotes, numbers, emoji, case, controls. */
  static Stream<String> sentences() {
    return Stream.of(
        "A man is riding a horse.",
        "A woman is playing the violin in the park.",
        "The café on the corner serves a naïve but charming crème brûlée.",
        "Zürich, Genève and São Paulo are cities; so are Kraków, Reykjavík and Āhualoa.",
        "Ångström, façade, jalapeño, Øresund, Ærø, Łódź, Şişli, Dvořák and Curaçao.",
        "東京タワーは東京都港区にある電波塔です。",
        "北京大学是中国最著名的大学之一，成立于1898年。",
        "서울은 대한민국의 수도입니다.",
        "Москва — столица России, а Київ — столиця України.",
        "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.",
        "ΟΔΟΣ ΠΑΝΕΠΙΣΤΗΜΙΟΥ ΚΑΙ ΟΔΟΣ ΣΤΑΔΙΟΥ",
        "مرحبا بالعالم، كيف حالك؟",
        "שלום עולם! מה שלומך?",
        "नमस्ते दुनिया, आप कैसे हैं?",
        "สวัสดีครับ ยินดีที่ได้รู้จัก",
        "She said, “It’s fine” — and left… ‘really?’",
        "\"Quotes\" and 'apostrophes': aren't, don't, won't, y'all'd've.",
        "«Bonjour», dit-il ; „Guten Tag“, sagte sie.",
        "The price rose from $1,234.56 to €2.000,00 (+62%) on 2024-03-15 at 10:45pm.",
        "Call 555-0199 or e-mail john.doe@example.com before 31/12/1999; see https://example.org/a?b=c&d=e#f.",
        "3.14159 ≈ π, 2² = 4, ½ + ¼ = ¾, 10⁶ × 7 ÷ 3 ≠ ∞, and 1st, 2nd, 3rd place.",
        "I love pizza 🍕🍕 and sushi 🍣! 😂👍🏽 👨‍👩‍👧 ❤️ ☕",
        "iPhone, McDonald's, eBay, YouTube and LaTeX are MiXeD CaSe NAMES.",
        "Pneumonoultramicroscopicsilicovolcanoconiosis is a word; so is antidisestablishmentarianism.",
        // 171 letters, more than the 100 a word may have: one [UNK].
        "Aristophanes wrote lopadotemachoselachogaleokranioleipsanodrimhypotrimmatosilphiokarabomelitokatakechymenokichlepikossyphophattoperisteralektryonoptekephalliokigklopeleiolagoiosiraiobaphetraganopterygon, 171 letters.",
        "Tabs\tand\nnewlines\r\nand\u00A0non-breaking\u2003em\u3000ideographic spaces.",
        "Zero\u200Bwidth\u200Dspace, soft\u00ADhyphen and a BOM\uFEFF inside words.",
        "Null\u0000char, replacement\uFFFDchar, bell\u0007, escape\u001B[0m and DEL\u007F.",
        "Line\u2028separator, paragraph\u2029separator, vertical\u000Btab, form\u000Cfeed, next\u0085line.",
        "  leading and trailing whitespace   ",
        "Fullwidth ＡＢＣ１２３！ and halfwidth ｶﾀｶﾅ characters.",
        "The Kelvin sign \u212A, the Ohm sign \u2126 and the Angstrom sign \u212B.",
        "Combining: e\u0301 a\u0300 n\u0303 versus precomposed é à ñ.",
        "İstanbul'da ılık bir gün; DİYARBAKIR ve IĞDIR.",
        "Straße, STRASSE, ﬁnance and ﬂour, Ĳssel.",
        "C++ and C# programmers write x->y, a<=b, !== and ::.",
        "unaffable, unbelievable, reconsideration, microbiology, hyperparameterization.",
        "The UNIMO paper (Li et al., 2021) unifies vision & language: see arXiv:2012.15409.",
        "");
  }

  private static long[] withClsAndSep(WordPiece tokenizer, String text) {
    int[] ids = tokenizer.encode(text);
    long[] out = new long[ids.length + 2];
    out[0] = tokenizer.specials().cls();
    for (int i = 0; i < ids.length; i++) {
      out[i + 1] = ids[i];
    }
    out[out.length - 1] = tokenizer.specials().sep();
    return out;
  }

  private static void assertSameIds(HuggingFaceTokenizer expected, WordPiece actual, String text) {
    Encoding encoding = expected.encode(text);
    assertThat(withClsAndSep(actual, text))
        .as("%s%nreference %s%nours %s", text, Arrays.toString(encoding.getTokens()), actual.pieces(text))
        .containsExactly(encoding.getIds());
  }

  @ParameterizedTest
  @MethodSource("sentences")
  void theIdsAreHuggingFacesOwn(String text) {
    assertSameIds(reference, ours, text);
  }

  @ParameterizedTest
  @MethodSource("sentences")
  void casedTheIdsAreHuggingFacesOwnToo(String text) {
    assertSameIds(casedReference, cased, text);
  }

  @Test
  void theReferenceSentence() {
    long[] expected = {101, 1037, 2158, 2003, 5559, 1037, 3586, 1012, 102};
    Encoding encoding = reference.encode("A man is riding a horse.");
    assertThat(encoding.getIds()).containsExactly(expected);
    assertThat(encoding.getTokens())
        .containsExactly("[CLS]", "a", "man", "is", "riding", "a", "horse", ".", "[SEP]");
    assertThat(withClsAndSep(ours, "A man is riding a horse.")).containsExactly(expected);
  }

  @Test
  void whereGooglesCodeAndTheLibraryDifferWeFollowTheLibrary() {
    // A word-final capital sigma: the library lower-cases code point by code point (σ); Python's
    // str.lower(), in Google's code, would give ς.
    assertSameIds(reference, ours, "ΟΔΟΣ");
    assertThat(ours.pieces("ΟΔΟΣ")).containsExactly("ο", "##δ", "##ο", "##σ");
    // Unassigned code points stay (a word holding one is [UNK]); Google's code drops them.
    assertSameIds(reference, ours, "abc\u0378def");
    assertThat(ours.pieces("abc\u0378def")).containsExactly("[UNK]");
    // The library's sixth CJK block starts at U+2B920, not U+2B820.
    assertSameIds(reference, ours, "a\uD86E\uDC20b a\uD86E\uDD20b");
    assertThat(ours.pieces("a\uD86E\uDC20b a\uD86E\uDD20b")).containsExactly("[UNK]", "a", "[UNK]", "b");
  }

  @Test
  void specialTokensSpelledOutInTheTextAreTheOneDeliberateDifference() {
    // The library matches added special tokens in raw text; Tokenizer.encode never emits them.
    String text = "the [MASK] sat";
    assertThat(reference.encode(text).getTokens()).containsExactly("[CLS]", "the", "[MASK]", "sat", "[SEP]");
    assertThat(ours.pieces(text)).containsExactly("the", "[", "mask", "]", "sat");
  }

  @Test
  void randomMixturesOfTrickyCharacters() {
    String pool =
        "aeiourstlnAEIOURSTLN éÉüÜñÑçÇøØåÅßẞİıΣσςΟΔΆάΐ \u0301\u0300\u0303\u0308\u0327"
            + ".,;:!?'\"()[]{}-–—…“”‘’«»¿¡@#$%^&*_+=<>/\\|~` 0123456789½²ⅷ東京北京タワー한국어ﾀﾜ"
            + " \t\n\r\u00A0\u2003\u3000\u2028\u2029\u200B\u200D\u00AD\uFEFF\u0000\u0007\u001B\u007F"
            + "\u0085\uFFFD\u000B\u000C🍕😂👍🏽❤️☕ＡＢＣ１ﬁﬂĲ\u2126\u212A\u212B\uD86E\uDC20";
    int[] cps = pool.codePoints().toArray();
    SplittableRandom random = new SplittableRandom(7);
    for (int n = 0; n < 5000; n++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int i = 0; i < length; i++) {
        text.appendCodePoint(cps[random.nextInt(cps.length)]);
      }
      assertSameIds(reference, ours, text.toString());
      assertSameIds(casedReference, cased, text.toString());
    }
  }

  /**
   * The code points, in ranges, where Java 17's character categories (Unicode 13.0) and the
   * library's (Unicode 8.0) disagree in a way that changes ids: marks, punctuation and format
   * characters of rare scripts added by Unicode 9 to 13, and U+166D (punctuation in Unicode 8, a
   * symbol since 12). WordPiece's class comment documents them.
   */
  private static final String UNICODE_VERSION_DIFFERENCES =
      "07FD 08D3-08E2 09FD-09FE 0A76 0AFA-0AFF 0B55 0C04 0C77 0C84 0D00 0D3B-0D3C 0D81 0EBA 166D"
          + " 1885-1886 1ABF-1AC0 1DF6-1DF9 1DFB 2E43-2E4F 2E52 A82C A8C5 A8FF A9BD 10D24-10D27"
          + " 10EAB-10EAD 10F46-10F50 10F55-10F59 110CD 111C9 111CF 1123E 1133B 11438-1143F"
          + " 11442-11444 11446 1144B-1144F 1145A-1145B 1145D-1145E 11660-1166C 1182F-11837"
          + " 11839-1183B 1193B-1193C 1193E 11943-11946 119D4-119D7 119DA-119DB 119E0 119E2"
          + " 11A01-11A0A 11A33-11A38 11A3B-11A47 11A51-11A56 11A59-11A5B 11A8A-11A96 11A98-11A9C"
          + " 11A9E-11AA2 11C30-11C36 11C38-11C3D 11C3F 11C41-11C45 11C70-11C71 11C92-11CA7"
          + " 11CAA-11CB0 11CB2-11CB3 11CB5-11CB6 11D31-11D36 11D3A 11D3C-11D3D 11D3F-11D45 11D47"
          + " 11D90-11D91 11D95 11D97 11EF3-11EF4 11EF7-11EF8 11FFF 13430-13438 16E97-16E9A 16F4F"
          + " 16FE2 16FE4 1E000-1E006 1E008-1E018 1E01B-1E021 1E023-1E024 1E026-1E02A 1E130-1E136"
          + " 1E2EC-1E2EF 1E944-1E94A 1E95E-1E95F";

  private static TreeSet<Integer> unicodeVersionDifferences() {
    TreeSet<Integer> out = new TreeSet<>();
    for (String range : UNICODE_VERSION_DIFFERENCES.split(" ")) {
      String[] ends = range.split("-");
      int first = Integer.parseInt(ends[0], 16);
      int last = Integer.parseInt(ends[ends.length - 1], 16);
      for (int cp = first; cp <= last; cp++) {
        out.add(cp);
      }
    }
    return out;
  }

  /**
   * Every code point of the planes Unicode assigns characters in (0 to 3 and 14), inside a word and
   * starting one, for both normalizations: the ids differ only at the documented Unicode-version
   * differences. Planes 4 to 13 (unassigned) and 15 and 16 (private use) are sampled at both ends:
   * scanning them whole would triple the time and test nothing new. Only on Java 17, whose Unicode
   * tables (13.0) the list describes; a later Java knows more characters, and the list would grow.
   */
  @Test
  @EnabledOnJre(JRE.JAVA_17)
  void everyCodePointOfTheAssignedPlanesGivesTheLibrarysIdsButForTheUnicodeVersionDifferences() {
    TreeSet<Integer> uncasedDiffer = new TreeSet<>();
    TreeSet<Integer> casedDiffer = new TreeSet<>();
    int batch = 1024;
    for (int start = 0; start <= Character.MAX_CODE_POINT; start += batch) {
      int plane = start >> 16;
      int inPlane = start & 0xFFFF;
      boolean assignedPlane = plane <= 3 || plane == 14;
      if (!assignedPlane && inPlane != 0 && inPlane != 0x10000 - batch) {
        continue;
      }
      List<Integer> cps = new ArrayList<>();
      for (int cp = start; cp < start + batch; cp++) {
        if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
          cps.add(cp);
        }
      }
      differing(reference, ours, cps, uncasedDiffer);
      differing(casedReference, cased, cps, casedDiffer);
    }
    TreeSet<Integer> documented = unicodeVersionDifferences();
    assertThat(hex(uncasedDiffer)).isEqualTo(hex(documented));
    // Cased, marks are not stripped, so only the punctuation and format characters remain.
    assertThat(documented).containsAll(casedDiffer);
    assertThat(casedDiffer).isNotEmpty().contains(0x2E43, 0x166D).doesNotContain(0x08D3);
  }

  /**
   * Adds the code points of {@code cps} whose probes the two tokenize differently to {@code out}:
   * one call for all of them, halving only where they differ.
   */
  private static void differing(
      HuggingFaceTokenizer expected, WordPiece actual, List<Integer> cps, TreeSet<Integer> out) {
    StringBuilder text = new StringBuilder();
    cps.forEach(cp -> text.append(probe(cp)));
    if (same(expected, actual, text.toString())) {
      return;
    }
    if (cps.size() == 1) {
      out.add(cps.get(0));
      return;
    }
    differing(expected, actual, cps.subList(0, cps.size() / 2), out);
    differing(expected, actual, cps.subList(cps.size() / 2, cps.size()), out);
  }

  /** The code point inside a word and starting one, before a capital: "xCPy CPZ ". */
  private static String probe(int cp) {
    String c = new String(Character.toChars(cp));
    return "x" + c + "y " + c + "Z ";
  }

  private static boolean same(HuggingFaceTokenizer expected, WordPiece actual, String text) {
    return Arrays.equals(expected.encode(text).getIds(), withClsAndSep(actual, text));
  }

  private static List<String> hex(TreeSet<Integer> cps) {
    return cps.stream().map(cp -> String.format("%04X", cp)).toList();
  }
}
