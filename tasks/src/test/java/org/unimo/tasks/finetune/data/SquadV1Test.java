package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;

class SquadV1Test {
  @TempDir Path dir;

  private static final String CONTEXT = "Architecturally, the school has a Catholic character. Atop the Main Building's gold dome is a golden statue of the Virgin Mary.";

  private static String qa(String id, String question, int start, String text) {
    return "{\"answers\": [{\"answer_start\": " + start + ", \"text\": \"" + text + "\"}], \"question\": \"" + question + "\", \"id\": \"" + id + "\"}";
  }

  private static String paragraph(String context, String... qas) {
    return "{\"context\": \"" + context + "\", \"qas\": [" + String.join(", ", qas) + "]}";
  }

  /** One paragraph a line, so lines can be told apart (SQuAD's own files are one line). */
  private static String squad(String... articles) {
    return "{\"version\": \"1.1\", \"data\": [\n" + String.join(",\n", articles) + "\n]}\n";
  }

  private static String article(String title, String... paragraphs) {
    return "{\"title\": \"" + title + "\", \"paragraphs\": [\n" + String.join(",\n", paragraphs) + "]}";
  }

  private static final String GOOD = paragraph(CONTEXT, qa("a1", "What character does the school have?", 34, "Catholic"));

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> SquadV1.read(file, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(file + message);
  }

  @Test
  void readsQuestionsWithTheirParagraphTitleAndAnswers() throws Exception {
    String dev =
        "{\"answers\": [{\"answer_start\": 111, \"text\": \"the Virgin Mary\"}, {\"answer_start\": 115, \"text\": \"Virgin Mary\"}],"
            + " \"question\": \" Whose statue is atop the dome? \", \"id\": \"a2\"}";
    Path file =
        text(dir.resolve("dev-v1.1.json.gz"),
            squad(article("University_of_Notre_Dame", GOOD, paragraph("Notre Dame is in Indiana.", qa("b1", "Where?", 17, "Indiana")).replace("\"qas\"", "\"extra\": 1, \"qas\"")),
                article("Second", paragraph(CONTEXT, dev))));
    List<SquadQuestion> questions = SquadV1.read(file, BadRows.fail());
    assertThat(questions).extracting(SquadQuestion::id).containsExactly("a1", "b1", "a2");
    assertThat(questions.get(0))
        .isEqualTo(new SquadQuestion("a1", "University_of_Notre_Dame", CONTEXT, "What character does the school have?",
            List.of(new SquadQuestion.Answer("Catholic", 34)), file + ":3: data[0].paragraphs[0].qas[0]"));
    assertThat(questions.get(1).where()).isEqualTo(file + ":4: data[0].paragraphs[1].qas[0]");
    SquadQuestion last = questions.get(2);
    assertThat(last.question()).isEqualTo("Whose statue is atop the dome?");
    assertThat(last.title()).isEqualTo("Second");
    assertThat(last.answer()).isEqualTo("the Virgin Mary");
    assertThat(last.answers()).extracting(SquadQuestion.Answer::start).containsExactly(111, 115);
    for (SquadQuestion.Answer answer : last.answers()) {
      assertThat(last.context().substring(answer.start(), answer.start() + answer.text().length())).isEqualTo(answer.text());
    }
  }

  @Test
  void offsetsCountCodePointsAsSquadDoes() throws Exception {
    // 😀 is one code point (SQuAD's offsets count those, as Python does) but two Java chars.
    Path file = text(dir.resolve("emoji.json"), squad(article("T", paragraph("\uD83D\uDE00 smile at Paris", qa("e", "Where?", 11, "Paris")))));
    SquadQuestion question = SquadV1.read(file, BadRows.fail()).get(0);
    assertThat(question.answers().get(0)).isEqualTo(new SquadQuestion.Answer("Paris", 12));
  }

  @Test
  void theTitleMayComeAfterTheParagraphs() throws Exception {
    Path file = text(dir.resolve("order.json"), "{\"data\": [{\"paragraphs\": [" + GOOD + "], \"title\": \"Late\"}], \"version\": \"1.1\"}");
    try (DataReader<SquadQuestion> reader = SquadV1.open(file, BadRows.fail())) {
      List<String> titles = new ArrayList<>();
      while (reader.hasNext()) {
        titles.add(reader.next().title());
      }
      assertThat(titles).containsExactly("Late");
    }
  }

  @Test
  void recordProblemsNameTheFileLineAndRecord() throws Exception {
    String first = article("A", GOOD);
    assertBad(text(dir.resolve("question.json"), squad(first, article("B", GOOD, paragraph(CONTEXT, qa("x", "Q?", 34, "Catholic").replace("\"question\"", "\"query\""))))),
        ":6: data[1].paragraphs[1].qas[0]: missing \"question\"");
    assertBad(text(dir.resolve("offset.json"), squad(article("A", paragraph(CONTEXT, qa("x", "Q?", 35, "Catholic"))))),
        ":3: data[0].paragraphs[0].qas[0].answers[0]: \"text\" \"Catholic\" is not at \"answer_start\" 35 of the context, which has \"atholic \" there");
    assertBad(text(dir.resolve("outside.json"), squad(article("A", paragraph("short", qa("x", "Q?", 5, "t"))))),
        ":3: data[0].paragraphs[0].qas[0].answers[0]: \"answer_start\" 5 is outside the context (5 characters)");
    assertBad(text(dir.resolve("start.json"), squad(article("A", paragraph(CONTEXT, qa("x", "Q?", 34, "Catholic").replace("34", "\"34\""))))),
        ":3: data[0].paragraphs[0].qas[0].answers[0]: \"answer_start\" is \"34\", not an integer");
    assertBad(text(dir.resolve("none.json"), squad(article("A", paragraph(CONTEXT, "{\"id\": \"x\", \"question\": \"Q?\", \"answers\": [], \"is_impossible\": true}")))),
        ":3: data[0].paragraphs[0].qas[0]: no answers (SQuAD 2.0's unanswerable questions are not read)");
    assertBad(text(dir.resolve("twice.json"), squad(first, article("B", GOOD))), ":5: data[1].paragraphs[0].qas[0]: id \"a1\" repeats data[0].paragraphs[0].qas[0]");
    assertBad(text(dir.resolve("context.json"), squad(article("A", "{\"qas\": []}"))), ":3: data[0].paragraphs[0]: missing \"context\"");
    assertBad(text(dir.resolve("qas.json"), squad(article("A", "{\"context\": \"c\", \"qas\": {}}"))), ":3: data[0].paragraphs[0]: \"qas\" is {}, not an array");
    assertBad(text(dir.resolve("title.json"), squad(first, article("A", GOOD).replace("\"title\": \"A\"", "\"title\": 7"))), ":4: data[1]: \"title\" is 7, not a string");
    assertBad(text(dir.resolve("paragraphs.json"), squad("{\"title\": \"A\"}")), ":2: data[0]: missing \"paragraphs\"");
    assertBad(text(dir.resolve("article.json"), squad("[1]")), ":2: data[0]: not an object but [1]");
  }

  @Test
  void documentProblemsNameTheFileAndLine() throws Exception {
    assertBad(text(dir.resolve("syntax.json"), "{\"data\": [\n{\"title\": \"A\", \"paragraphs\": [\n{\"context\": \"c\", qas: []}]}]}"),
        ":3: not a SQuAD JSON object with a \"data\" array: malformed JSON at $.data[0].paragraphs[0].context");
    assertBad(text(dir.resolve("array.json"), "[]"), ":1: not a SQuAD JSON object with a \"data\" array: Expected BEGIN_OBJECT but was BEGIN_ARRAY at $");
    assertBad(text(dir.resolve("other.json"), "{\"images\": []}"), ": no \"data\" array: not a SQuAD file (train-v1.1.json)");
    assertBad(text(dir.resolve("object.json"), "{\"data\": {}}"), ":1: \"data\" is not an array");
    assertBad(text(dir.resolve("two.json"), squad(article("A", GOOD)) + "{}"), ":5: text after the JSON object");
    assertBad(TaskFiles.bytes(dir.resolve("utf8.json"), TaskFiles.notUtf8("{\"data\": [\n{\"title\": \"caf", "\", \"paragraphs\": []}\n]}")),
        ":2: not UTF-8 text");
    assertBad(text(dir.resolve("empty.json"), "{\"data\": []}"), ": no examples");
  }

  @Test
  void skippingLeavesOutBadQuestionsAndCountsThem() throws Exception {
    Path file =
        text(dir.resolve("skip.json"),
            squad(article("A", paragraph(CONTEXT, qa("q1", "Q1?", 34, "Catholic"), qa("q2", "Q2?", 0, "Catholic"), qa("q3", "Q3?", 34, "Catholic")), "{}"),
                article("B", paragraph(CONTEXT, qa("q1", "again?", 34, "Catholic")))));
    BadRows bad = BadRows.skip();
    assertThat(SquadV1.read(file, bad)).extracting(SquadQuestion::id).containsExactly("q1", "q3");
    assertThat(bad.count()).isEqualTo(3);
    assertThat(bad.messages())
        .containsExactly(
            file + ":3: data[0].paragraphs[0].qas[1].answers[0]: \"text\" \"Catholic\" is not at \"answer_start\" 0 of the context, which has \"Architec\" there",
            file + ":4: data[0].paragraphs[1]: missing \"context\"",
            file + ":6: data[1].paragraphs[0].qas[0]: id \"q1\" repeats data[0].paragraphs[0].qas[0]");
  }
}
