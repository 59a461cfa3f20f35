package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;

class CoqaTest {
  @TempDir Path dir;

  private static final String STORY = "Once upon a time, in a barn near a farm house, there lived a little white kitten named Cotton.";

  private static String question(int turn, String text) {
    return "{\"input_text\": \"" + text + "\", \"turn_id\": " + turn + "}";
  }

  private static String answer(int turn, String text) {
    return "{\"span_start\": -1, \"span_end\": -1, \"span_text\": \"\", \"input_text\": \"" + text + "\", \"turn_id\": " + turn + "}";
  }

  private static String story(String id, String questions, String answers, String additional) {
    return "{\"source\": \"mctest\", \"id\": \"" + id + "\", \"filename\": \"mc160.test.41\", \"story\": \"" + STORY + "\", \"name\": \"mc160.test.41\","
        + " \"questions\": [" + questions + "], \"answers\": [" + answers + "]" + (additional == null ? "" : ", \"additional_answers\": " + additional) + "}";
  }

  private static final String QUESTIONS = question(1, "what color was cotton?") + ", " + question(2, " where did she live? ") + ", " + question(3, "did she live alone?");
  private static final String ANSWERS = answer(1, "white") + ", " + answer(2, "in a barn") + ", " + answer(3, "no");
  private static final String ADDITIONAL =
      "{\"0\": [" + answer(1, "white") + ", " + answer(2, "a barn") + ", " + answer(3, "No") + "], \"1\": [" + answer(1, "white") + ", "
          + answer(2, " ") + ", " + answer(3, "no") + "]}";

  /** A story a line, so lines can be told apart (CoQA's own files are one line). */
  private static String coqa(String... stories) {
    return "{\"version\": \"1.0\", \"data\": [\n" + String.join(",\n", stories) + "\n]}\n";
  }

  private static final String GOOD = story("s1", QUESTIONS, ANSWERS, null);

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> Coqa.read(file, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(file + message);
  }

  @Test
  void readsEachTurnWithTheTurnsBefore() throws Exception {
    Path file = text(dir.resolve("coqa-dev-v1.0.json.gz"), coqa(story("s1", QUESTIONS, ANSWERS, ADDITIONAL), story("s2", question(1, "who?"), answer(1, "Cotton"), null)));
    List<CoqaTurn> turns = Coqa.read(file, BadRows.fail());
    assertThat(turns).extracting(CoqaTurn::storyId).containsExactly("s1", "s1", "s1", "s2");
    assertThat(turns).extracting(CoqaTurn::turn).containsExactly(1, 2, 3, 1);
    assertThat(turns.get(0))
        .isEqualTo(new CoqaTurn("s1", STORY, 1, "what color was cotton?", "white", List.of("white", "white"), List.of(), file + ":2: data[0].questions[0]"));
    CoqaTurn third = turns.get(2);
    assertThat(third.question()).isEqualTo("did she live alone?");
    assertThat(third.answer()).isEqualTo("no");
    assertThat(third.additionalAnswers()).containsExactly("No", "no");
    assertThat(third.history())
        .containsExactly(new CoqaTurn.QA("what color was cotton?", "white"), new CoqaTurn.QA("where did she live?", "in a barn"));
    assertThat(turns.get(1).additionalAnswers()).as("a blank additional answer is left out").containsExactly("a barn");
    assertThat(turns.get(3)).isEqualTo(new CoqaTurn("s2", STORY, 1, "who?", "Cotton", List.of(), List.of(), file + ":3: data[1].questions[0]"));
  }

  @Test
  void storyProblemsNameTheFileLineAndRecord() throws Exception {
    assertBad(text(dir.resolve("question.json"), coqa(GOOD, story("s2", "{\"turn_id\": 1}", answer(1, "a"), null))),
        ":3: data[1].questions[0]: missing \"input_text\"");
    assertBad(text(dir.resolve("order.json"), coqa(story("s1", QUESTIONS, answer(1, "white") + ", " + answer(3, "in a barn") + ", " + answer(2, "no"), null))),
        ":2: data[0].answers[1]: \"turn_id\" is 3, not 2 (turns are numbered 1, 2, ... in order)");
    assertBad(text(dir.resolve("count.json"), coqa(story("s1", QUESTIONS, answer(1, "white") + ", " + answer(2, "in a barn"), null))),
        ":2: data[0]: 3 questions but 2 answers");
    assertBad(text(dir.resolve("additional.json"), coqa(story("s1", QUESTIONS, ANSWERS, "{\"0\": [" + answer(1, "white") + "]}"))),
        ":2: data[0].additional_answers[\"0\"]: 1 answers for 3 questions");
    assertBad(text(dir.resolve("additionalType.json"), coqa(story("s1", QUESTIONS, ANSWERS, "[]"))),
        ":2: data[0].additional_answers: not an object of answer lists but []");
    assertBad(text(dir.resolve("turn.json"), coqa(story("s1", question(1, "q") + ", " + question(2, "r").replace("2}", "\"2\"}"), answer(1, "a") + ", " + answer(2, "b"), null))),
        ":2: data[0].questions[1]: \"turn_id\" is \"2\", not an integer");
    assertBad(text(dir.resolve("blank.json"), coqa(story("s1", question(1, "q"), answer(1, " "), null))), ":2: data[0].answers[0]: \"input_text\" is blank");
    assertBad(text(dir.resolve("story.json"), coqa(GOOD.replace("\"story\"", "\"text\""))), ":2: data[0]: missing \"story\"");
    assertBad(text(dir.resolve("questions.json"), coqa(story("s1", "", "", null))), ":2: data[0]: no questions");
    assertBad(text(dir.resolve("answers.json"), coqa(GOOD.replace("\"answers\": [", "\"answers\": {\"x\": [").replace("]}", "]}}"))),
        ":2: data[0]: \"answers\" is {\"x\":[{\"span_start\":-1,\"span_end\":-1,\"span_text\":\"\",\"inpu..., not an array");
    assertBad(text(dir.resolve("twice.json"), coqa(GOOD, GOOD)), ":3: data[1]: story id \"s1\" repeats data[0]");
    assertBad(text(dir.resolve("number.json"), coqa(GOOD, "7")), ":3: data[1]: not an object");
  }

  @Test
  void documentProblemsNameTheFileAndLine() throws Exception {
    assertBad(text(dir.resolve("syntax.json"), "{\"data\": [\n{\"id\": \"s1\" \"story\": \"x\"}]}"),
        ":2: not a CoQA JSON object with a \"data\" array: Unterminated object at $.data[0].id");
    assertBad(text(dir.resolve("array.json"), "[]"), ":1: not a CoQA JSON object with a \"data\" array: Expected BEGIN_OBJECT but was BEGIN_ARRAY at $");
    assertBad(text(dir.resolve("other.json"), "{\"version\": \"1.0\"}"), ": no \"data\" array: not a CoQA file (coqa-dev-v1.0.json)");
    assertBad(text(dir.resolve("object.json"), "{\"data\": 1}"), ":1: \"data\" is not an array");
    assertBad(text(dir.resolve("two.json"), coqa(GOOD) + "[]"), ":4: text after the JSON object");
    assertBad(TaskFiles.bytes(dir.resolve("utf8.json"), TaskFiles.notUtf8("{\"data\": [\n{\"id\": \"caf", "\"}\n]}")), ":2: not UTF-8 text");
    assertBad(text(dir.resolve("empty.json"), coqa()), ": no examples");
  }

  @Test
  void skippingLeavesOutWholeStoriesAndCountsThem() throws Exception {
    Path file =
        text(dir.resolve("skip.json"),
            coqa(story("s1", QUESTIONS, answer(1, "white"), null), GOOD.replace("s1", "s2"), "\"s3\"", GOOD.replace("s1", "s2")));
    BadRows bad = BadRows.skip();
    assertThat(Coqa.read(file, bad)).extracting(CoqaTurn::storyId).containsExactly("s2", "s2", "s2");
    assertThat(bad.count()).isEqualTo(3);
    assertThat(bad.messages())
        .containsExactly(
            file + ":2: data[0]: 3 questions but 1 answers", file + ":4: data[2]: not an object", file + ":5: data[3]: story id \"s2\" repeats data[1]");
  }
}
