package org.unimo.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unimo.dsl.proto.ModelSpecProto;

class SpecTextTest {
  private static final Path CONFIGS = Path.of("../examples/configs");

  private static String tiny() throws IOException {
    return Files.readString(CONFIGS.resolve("tiny.textproto"), StandardCharsets.UTF_8);
  }

  /** The problems of reading {@code text} as a spec, as {@code x:LINE:COLUMN: message}. */
  private static List<String> problems(String text) {
    return SpecText.merge(text, "x", ModelSpecProto.newBuilder()).stream()
        .map(Problem::toString)
        .toList();
  }

  private static List<String> testProblems(String text) {
    return SpecText.merge(text, "x", TestSchema.newBuilder()).stream()
        .map(Problem::toString)
        .toList();
  }

  private static List<String> specProblems(String text, String source) {
    Throwable thrown = catchThrowable(() -> ModelSpec.parse(text, source));
    assertThat(thrown).isInstanceOf(SpecException.class);
    return ((SpecException) thrown).problems().stream().map(Problem::toString).toList();
  }

  @Test
  void aQuotedNumberIsReportedWithFileLineAndColumn() throws IOException {
    String text = tiny().replace("max_length: 24", "max_length: \"128\"");
    assertThat(specProblems(text, "tiny.textproto"))
        .containsExactly(
            "tiny.textproto:11:15: text.max_length: expected an integer, found the string \"128\""
                + " (remove the quotes)");
  }

  @Test
  void anUnknownFieldSuggestsTheClosestName() {
    assertThat(problems("encoder {\n  hiden: 3\n}"))
        .containsExactly("x:2:3: encoder: no field named \"hiden\"; did you mean \"hidden\"?");
    assertThat(problems("nme: \"a\""))
        .containsExactly("x:1:1: no field named \"nme\"; did you mean \"name\"?");
  }

  @Test
  void anUnknownFieldFarFromEveryNameListsTheSectionsFields() {
    assertThat(problems("text { colour: 3 }"))
        .containsExactly(
            "x:1:8: text: no field named \"colour\"; known fields: tokenizer, max_length");
  }

  @Test
  void deprecatedFieldsAreReadButNotSuggested() {
    assertThat(testProblems("old: 3")).isEmpty();
    assertThat(testProblems("olt: 3"))
        .singleElement()
        .asString()
        .contains("known fields: i32,")
        .doesNotContain("old");
  }

  @Test
  void anInvalidEnumValueListsTheValidOnes() {
    assertThat(problems("encoder { pooling: AVERAGE }"))
        .containsExactly(
            "x:1:20: encoder.pooling: \"AVERAGE\" is not one of FIRST_TOKEN, MEAN, PLAIN_MEAN");
  }

  @Test
  void aMisspelledEnumValueSuggestsTheClosestIgnoringCase() {
    assertThat(problems("encoder { pooling: mean }"))
        .containsExactly(
            "x:1:20: encoder.pooling: \"mean\" is not one of FIRST_TOKEN, MEAN, PLAIN_MEAN; did you"
                + " mean \"MEAN\"?");
    assertThat(problems("encoder { pooling: FIRST_TOKN }"))
        .singleElement()
        .asString()
        .endsWith("did you mean \"FIRST_TOKEN\"?");
  }

  @Test
  void enumsByNumberAndQuotedEnums() {
    assertThat(testProblems("color: 2")).isEmpty();
    assertThat(testProblems("color: 7"))
        .containsExactly("x:1:8: color: 7 is not one of RED (0), GREEN (1), BLUE (2)");
    assertThat(testProblems("color: \"RED\""))
        .containsExactly(
            "x:1:8: color: expected one of RED, GREEN, BLUE, found the string \"RED\" (remove the"
                + " quotes)");
  }

  @Test
  void anIntegerOutOfRangeIsAProblem() {
    assertThat(problems("encoder { layers: 3000000000 }"))
        .containsExactly(
            "x:1:19: encoder.layers: 3000000000 is out of range for int32 (-2147483648 to"
                + " 2147483647)");
    assertThat(testProblems("u32: -1"))
        .containsExactly("x:1:7: u32: -1 is out of range for uint32 (0 to 4294967295)");
    assertThat(testProblems("i64: 9223372036854775808"))
        .singleElement()
        .asString()
        .contains("out of range for int64");
    assertThat(testProblems("u64: 18446744073709551615 u32: 4294967295 i32: -2147483648"))
        .isEmpty();
  }

  @Test
  void aFloatWhereAnIntegerIsExpectedIsAProblemButAnIntegerIsAFineFloat() {
    assertThat(problems("encoder { layers: 2.5 dropout: 0 }"))
        .containsExactly("x:1:19: encoder.layers: expected an integer, found 2.5");
    assertThat(problems("encoder { layers: 1e3 }"))
        .containsExactly("x:1:19: encoder.layers: expected an integer, found 1e3");
  }

  @Test
  void aValueForASectionAndASectionForAValueAreProblems() {
    assertThat(problems("encoder: 3"))
        .containsExactly(
            "x:1:10: encoder: expected '{', found 3 (encoder is a section: encoder { ... })");
    assertThat(problems("name { }\nseed: 1"))
        .containsExactly("x:1:6: name: takes a single value (name: ...), not a section");
    assertThat(problems("name: { }"))
        .containsExactly("x:1:7: name: takes a single value, not a section");
  }

  @Test
  void aMissingColonIsAProblem() {
    assertThat(problems("seed 3\nname: \"a\""))
        .containsExactly("x:1:6: seed: expected ':' after seed, found 3");
  }

  @Test
  void anUnterminatedStringIsReportedAndTheNextLineStillRead() {
    assertThat(problems("name: \"tiny\nseed: x"))
        .containsExactly(
            "x:1:7: name: unterminated string (a string ends with \" on the line it starts)",
            "x:2:7: seed: expected an integer, found x");
  }

  @Test
  void anInvisibleCharacterIsNamedByItsCode() {
    assertThat(problems("seed: 1\u0007")).containsExactly("x:1:8: unexpected character U+0007");
  }

  @Test
  void anInvalidEscapeIsAProblem() {
    assertThat(problems("name: \"a\\qb\""))
        .containsExactly("x:1:7: name: invalid escape '\\q' in a string");
  }

  @Test
  void anUnclosedBraceIsReportedWhereTheSectionOpened() {
    assertThat(problems("name: \"x\"\nencoder {\n  layers: 2\n"))
        .containsExactly("x:2:9: encoder: '{' is never closed");
    assertThat(problems("encoder < layers: 2 }"))
        .containsExactly("x:1:21: encoder: expected '>' to close the '<' of line 1, found '}'");
  }

  @Test
  void anExtraClosingBraceIsReported() {
    assertThat(problems("encoder { layers: 2 } }\nseed: 1"))
        .containsExactly("x:1:23: unbalanced '}': no section is open here");
  }

  @Test
  void aStrayTokenIsReportedAndReadingGoesOn() {
    assertThat(problems("name: \"x\" 42 seed: y\n@ encoder { layers: q }"))
        .containsExactly(
            "x:1:11: expected a field name, found 42",
            "x:1:20: seed: expected an integer, found y",
            "x:2:1: unexpected character '@'",
            "x:2:21: encoder.layers: expected an integer, found q");
  }

  @Test
  void aFieldGivenTwiceIsAProblemNamingTheFirstLine() {
    assertThat(problems("seed: 1\nname: \"a\"\nseed: 2"))
        .containsExactly("x:3:1: seed: given twice (first on line 1)");
    assertThat(problems("encoder { layers: 1 }\nencoder { hidden: 8 }"))
        .containsExactly("x:2:1: encoder: given twice (first on line 1)");
  }

  @Test
  void twoMembersOfAOneofAreAProblemNamingBoth() {
    assertThat(testProblems("child { left: \"a\"\n right { } }"))
        .containsExactly(
            "x:2:2: child.right: child.left is already set (line 1), and only one member of oneof"
                + " side can be");
  }

  @Test
  void aListForASingleValueIsAProblem() {
    assertThat(problems("seed: [1, 2]"))
        .containsExactly("x:1:7: seed: takes one value, not a list");
  }

  @Test
  void threeProblemsOnThreeLinesAreAllReportedInLineOrder() throws IOException {
    String text =
        tiny()
            .replace("max_length: 24", "max_length: \"128\"")
            .replace("hidden: 128", "hiden: 128")
            .replace("pooling: MEAN", "pooling: AVERAGE");
    assertThat(specProblems(text, "tiny.textproto"))
        .containsExactly(
            "tiny.textproto:11:15: text.max_length: expected an integer, found the string \"128\""
                + " (remove the quotes)",
            "tiny.textproto:20:3: encoder: no field named \"hiden\"; did you mean \"hidden\"?",
            "tiny.textproto:27:12: encoder.pooling: \"AVERAGE\" is not one of FIRST_TOKEN, MEAN, PLAIN_MEAN");
  }

  @Test
  void theTextFormatSubsetReadsAsProtobufReadsIt() throws Exception {
    String text =
        """
        # every kind of value, as protobuf's parser reads it
        i32: -0x10; i64: -9223372036854775808, u32: 4294967295 u64: 0x7fffffffffffffff
        f: 1.0E-6 d: .5
        b: t
        s: 'it''s' "\\"quoted\\" \\x41\\101\\n\\t\\u00e9" # adjacent strings concatenate
        raw: "\\000\\377"
        color: GREEN
        nums: 1 nums: [2, 3] nums: 010 nums: []
        floats: [inf, -inf, nan, 1e-4, 0.07, 2, 1.5f, -2.5F, Infinity, -NaN]
        bools: [true, True, t, 1, false, False, f, 0]
        names: "a" names: ['b', "c"]
        kids { i32: 1 } kids < i32: 2 > kids: { child { child { s: "deep" } } }
        kids: [{ i32: 3 }, < i32: 4 >]
        child: < right { color: 1 } >
        fs: 3.4028235E38
        """;
    DynamicMessage.Builder ours = TestSchema.newBuilder();
    assertThat(SpecText.merge(text, "x", ours)).isEmpty();
    DynamicMessage.Builder theirs = TestSchema.newBuilder();
    TextFormat.getParser().merge(text, theirs);
    assertThat(ours.build()).isEqualTo(theirs.build());
    assertThat(ours.build().toString()).contains("deep");
    assertThat(ours.getField(TestSchema.ALL.findFieldByName("raw")))
        .isEqualTo(ByteString.copyFrom(new byte[] {0, (byte) 0xff}));
  }

  static Stream<Path> configs() throws IOException {
    return Files.list(CONFIGS).filter(p -> p.toString().endsWith(".textproto")).sorted();
  }

  @ParameterizedTest
  @MethodSource("configs")
  void everyCommittedConfigReadsAsProtobufReadsIt(Path config) throws IOException {
    String text = Files.readString(config, StandardCharsets.UTF_8);
    ModelSpecProto.Builder ours = ModelSpecProto.newBuilder();
    assertThat(SpecText.merge(text, config.toString(), ours)).isEmpty();
    ModelSpecProto.Builder theirs = ModelSpecProto.newBuilder();
    TextFormat.getParser().merge(text, theirs);
    assertThat(ours.build()).isEqualTo(theirs.build());
    assertThat(ModelSpec.parse(text, config.toString()).proto())
        .isEqualTo(ModelSpec.of(theirs.build()).proto());
  }

  @Test
  void everyTruncationOfAConfigFailsOnlyWithSpecException() throws IOException {
    String text = tiny();
    for (int length = 0; length <= text.length(); length++) {
      String truncated = text.substring(0, length);
      Throwable thrown = catchThrowable(() -> ModelSpec.parse(truncated, "cut"));
      if (thrown != null) {
        assertThat(thrown).as("truncated to %d chars", length).isInstanceOf(SpecException.class);
        assertThat(((SpecException) thrown).problems())
            .allSatisfy(p -> assertThat(p.message()).doesNotContain("Exception"));
      }
    }
  }

  @Test
  void modelSpecParseReportsEveryProblemAsSpecException() {
    assertThatThrownBy(() -> ModelSpec.parse("seed: \"1\"\nname: 3", "f.textproto"))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "2 problems in the spec:\n"
                + "  f.textproto:1:7: seed: expected an integer, found the string \"1\" (remove the"
                + " quotes)\n"
                + "  f.textproto:2:7: name: expected a string in quotes, found 3");
  }

  @Test
  void problemsNeverMentionJavaExceptions() {
    for (String text :
        List.of(
            "d: 1e999", "f: 1e39", "i32: 0x", "s: \"\\u12\"", "kids: [1]", "b: yes", "i32: --1")) {
      assertThat(testProblems(text))
          .as(text)
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p).doesNotContain("Exception"));
    }
    assertThat(testProblems("f: 1e39"))
        .containsExactly("x:1:4: f: 1e39 is out of range for a float");
  }

  @Test
  void aCustomObjectiveWithParamsAndAHeadAreRead() {
    String text =
        """
        objectives {
          custom { name: "word_order" weight: 0.5 data: IMAGE params { key: "b" value: 2 } params { key: "a" value: 1e-3 } }
        }
        heads { name: "shapes" sequence_classification { classes: 4 labels: "shape_count" } }
        heads [{ name: "more" }]
        """;
    ModelSpecProto.Builder builder = ModelSpecProto.newBuilder();
    assertThat(SpecText.merge(text, "x", builder)).isEmpty();
    var custom = builder.getObjectives().getCustom(0);
    assertThat(custom.getName()).isEqualTo("word_order");
    assertThat(custom.getParamsMap()).containsOnly(Map.entry("a", 1e-3), Map.entry("b", 2.0));
    assertThat(builder.getHeadsList()).extracting(h -> h.getName()).containsExactly("shapes", "more");
    assertThat(builder.getHeads(0).getSequenceClassification().getClasses()).isEqualTo(4);
  }

  @Test
  void problemsInsideRepeatedSectionsAndMapsNameTheirPlace() {
    assertThat(
            problems(
                """
                heads { name: "h" sequence_classification { clases: 4 } }
                objectives { custom { params { key: "a" value: "x" } } }
                """))
        .containsExactly(
            "x:1:45: heads.sequence_classification: no field named \"clases\"; did you mean \"classes\"?",
            "x:2:48: objectives.custom.params.value: expected a number, found the string \"x\"");
  }
}
