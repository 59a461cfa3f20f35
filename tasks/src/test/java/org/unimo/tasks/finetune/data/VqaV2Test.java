package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;

class VqaV2Test {
  @TempDir Path dir;

  private static final String QUESTIONS =
      """
      {"info": {"description": "This is v2.0 of the VQA dataset."}, "task_type": "Open-Ended", "data_type": "mscoco",
       "questions": [
        {"image_id": 458752, "question": "What is this photo taken looking through?", "question_id": 458752000},
        {"image_id": 458752, "question": " What position is this man playing? ", "question_id": 458752001},
        {"image_id": 262146, "question": "What color is the snow?", "question_id": 262146000}
       ], "license": {"name": "Creative Commons Attribution 4.0 International License"}, "data_subtype": "train2014"}
      """;

  private static String answers(String... answers) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < answers.length; i++) {
      json.append(i == 0 ? "" : ", ").append("{\"answer\": \"").append(answers[i]).append("\", \"answer_confidence\": \"yes\", \"answer_id\": ").append(i + 1).append('}');
    }
    return json.append(']').toString();
  }

  private static String annotation(long questionId, long imageId, String multipleChoice, String type, String... answers) {
    return "{\"question_type\": \"what is this\", \"multiple_choice_answer\": \"" + multipleChoice + "\", \"answers\": " + answers(answers)
        + ", \"image_id\": " + imageId + ", \"answer_type\": \"" + type + "\", \"question_id\": " + questionId + "}";
  }

  private static final String ANNOTATIONS =
      "{\"info\": {}, \"annotations\": [\n"
          + annotation(458752000, 458752, "net", "other", "net", "net", "Net ", "netting", "net", "net", "mesh", "net", "net", "net") + ",\n"
          + annotation(458752001, 458752, "pitcher", "other", "pitcher", "catcher", "pitcher", "pitcher", "pitcher", "pitcher", "pitcher", "pitcher", "pitcher", "pitcher") + ",\n"
          + annotation(262146000, 262146, "white", "other", "white", "white", "white", "white", "white", "white", "white", "white", "white", "white")
          + "\n], \"license\": {}}\n";

  private void assertBad(Path questions, Path annotations, String message) {
    assertThatThrownBy(() -> VqaV2.read(questions, annotations, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(message);
  }

  @Test
  void joinsQuestionsWithTheirAnnotations() throws Exception {
    Path questions = text(dir.resolve("questions.json"), QUESTIONS);
    Path annotations = text(dir.resolve("annotations.json.gz"), ANNOTATIONS);
    List<VqaExample> examples = VqaV2.read(questions, annotations, BadRows.fail());
    assertThat(examples).extracting(VqaExample::questionId).containsExactly(458752000L, 458752001L, 262146000L);
    VqaExample first = examples.get(0);
    assertThat(first.imageId()).isEqualTo("458752");
    assertThat(first.question()).isEqualTo("What is this photo taken looking through?");
    assertThat(first.answers()).containsExactly("net", "net", "net", "netting", "net", "net", "mesh", "net", "net", "net");
    assertThat(first.multipleChoiceAnswer()).isEqualTo("net");
    assertThat(first.answerType()).isEqualTo("other");
    assertThat(first.questionType()).isEqualTo("what is this");
    assertThat(first.where()).isEqualTo(questions + ":3: questions[0]");
    assertThat(examples.get(1).question()).isEqualTo("What position is this man playing?");
  }

  @Test
  void softScoresAreTheShareOfThreeAnnotators() throws Exception {
    List<VqaExample> examples = VqaV2.read(text(dir.resolve("q.json"), QUESTIONS), text(dir.resolve("a.json"), ANNOTATIONS), BadRows.fail());
    Map<String, Float> scores = VqaV2.scores(examples.get(0));
    assertThat(scores).containsOnlyKeys("mesh", "net", "netting");
    assertThat(scores.get("net")).isEqualTo(1f);
    assertThat(scores.get("mesh")).isCloseTo(1f / 3, within(1e-7f));
    assertThat(VqaV2.scores(examples.get(1))).containsEntry("catcher", 1f / 3).containsEntry("pitcher", 1f);
  }

  @Test
  void theVocabularyOrdersByCountThenText() throws Exception {
    List<VqaExample> examples = VqaV2.read(text(dir.resolve("q.json"), QUESTIONS), text(dir.resolve("a.json"), ANNOTATIONS), BadRows.fail());
    VqaAnswerVocabulary all = VqaAnswerVocabulary.build(examples, 1, 10);
    assertThat(all.answers()).containsExactly("net", "pitcher", "white");
    VqaExample twice = new VqaExample(1, "1", "What is it?", List.of("white", "white"), "white", null, null, "test");
    VqaAnswerVocabulary counted = VqaAnswerVocabulary.build(List.of(examples.get(0), twice, examples.get(2), examples.get(1)), 1, 2);
    assertThat(counted.answers()).containsExactly("white", "net");
    assertThat(counted.counts()).containsExactly(2, 1);
    assertThat(VqaAnswerVocabulary.build(List.of(examples.get(0), twice, examples.get(2)), 2, 10).answers()).containsExactly("white");
    assertThat(counted.indexOf(" White ")).isZero();
    assertThat(counted.indexOf("mesh")).isEqualTo(-1);
    assertThat(counted.targets(examples.get(0))).containsExactly(new VqaAnswerVocabulary.Target(1, 1f));
    assertThat(counted.dense(twice)).containsExactly(2f / 3, 0f);
    assertThatThrownBy(() -> VqaAnswerVocabulary.build(examples, 5, 10))
        .hasMessage("no answer is the multiple-choice answer of 5 or more of the 3 questions");
  }

  @Test
  void aTestSetHasQuestionsOnly() throws Exception {
    Path questions = text(dir.resolve("test2015_questions.json"), QUESTIONS);
    List<VqaExample> examples = VqaV2.readQuestions(questions, BadRows.fail());
    assertThat(examples).hasSize(3).noneMatch(VqaExample::annotated);
    assertThat(VqaV2.scores(examples.get(0))).isEmpty();
  }

  @Test
  void recordProblemsNameTheFileLineAndRecord() throws Exception {
    Path questions = text(dir.resolve("questions.json"), QUESTIONS);
    Path annotations = text(dir.resolve("annotations.json"), ANNOTATIONS);
    String two = "{\"questions\": [\n{\"image_id\": 458752, \"question\": \"What is this photo taken looking through?\", \"question_id\": 458752000},\n";
    assertBad(text(dir.resolve("missing.json"), two + "{\"image_id\": 458752, \"question_id\": 458752001}]}"), annotations,
        dir.resolve("missing.json") + ":3: questions[1]: missing \"question\"");
    assertBad(text(dir.resolve("type.json"), two + "{\"image_id\": 458752, \"question\": \"Why?\", \"question_id\": \"458752001\"}]}"), annotations,
        dir.resolve("type.json") + ":3: questions[1]: \"question_id\" is \"458752001\", not a number");
    assertBad(text(dir.resolve("unannotated.json"), two + "{\"image_id\": 458752, \"question\": \"Why?\", \"question_id\": 7}]}"), annotations,
        dir.resolve("unannotated.json") + ":3: questions[1]: question 7 has no annotation in " + annotations);
    assertBad(text(dir.resolve("image.json"), two + "{\"image_id\": 9, \"question\": \"Why?\", \"question_id\": 458752001}]}"), annotations,
        dir.resolve("image.json") + ":3: questions[1]: image_id 9, but its annotation (" + annotations + ":annotations[1]) has 458752");
    assertBad(questions, text(dir.resolve("answers.json"), ANNOTATIONS.replace("\"answers\": [{\"answer\": \"pitcher\"", "\"answers\": [{\"reply\": \"pitcher\"")),
        dir.resolve("answers.json") + ":3: annotations[1]: answers[0] needs \"answer\", a string");
    assertBad(questions, text(dir.resolve("twice.json"), ANNOTATIONS.replace("458752001", "458752000")),
        dir.resolve("twice.json") + ":3: annotations[1]: question_id 458752000 repeats annotations[0]");
    assertBad(text(dir.resolve("fewer.json"), two.replace("},\n", "}\n") + "]}"), annotations,
        annotations + ":3: annotations[1]: question 458752001 is not in " + dir.resolve("fewer.json"));
  }

  @Test
  void documentProblemsNameTheFileAndLine() throws Exception {
    Path annotations = text(dir.resolve("annotations.json"), ANNOTATIONS);
    assertBad(text(dir.resolve("syntax.json"), "{\"questions\": [\n{\"image_id\": 1, \"question\": \"Why?\" \"question_id\": 2}]}"), annotations,
        dir.resolve("syntax.json") + ":2: not a JSON object with a \"questions\" array: Unterminated object at $.questions[0].question");
    assertBad(text(dir.resolve("array.json"), "[]"), annotations,
        dir.resolve("array.json") + ":1: not a JSON object with a \"questions\" array: Expected BEGIN_OBJECT but was BEGIN_ARRAY at $");
    assertBad(text(dir.resolve("other.json"), "{\"annotations\": []}"), annotations,
        dir.resolve("other.json") + ": no \"questions\" array: not a VQA questions file");
    assertBad(text(dir.resolve("empty.json"), "{\"questions\": []}"), annotations, dir.resolve("empty.json") + ": no questions");
    assertBad(text(dir.resolve("cut.json"), "{\"questions\": [\n"), annotations,
        dir.resolve("cut.json") + ":2: not a JSON object with a \"questions\" array: End of input at $.questions[0]");
    assertBad(text(dir.resolve("comma.json"), "{\"questions\": [\n{\"image_id\": 458752, \"question\": \"Why?\", \"question_id\": 458752000},\n]}"), annotations,
        dir.resolve("comma.json") + ":3: not a JSON object with a \"questions\" array: malformed JSON at $.questions[1]");
    Path utf8 = TaskFiles.bytes(dir.resolve("utf8.json"), TaskFiles.notUtf8("{\"questions\": [\n{\"image_id\": 1,\n \"question\": \"caf", "\", \"question_id\": 2}]}"));
    assertBad(utf8, annotations, utf8 + ":3: not UTF-8 text");
  }

  @Test
  void skippingCountsBadRecords() throws Exception {
    Path questions =
        text(dir.resolve("q.json"), QUESTIONS.replace("{\"image_id\": 262146, \"question\": \"What color is the snow?\"", "{\"image_id\": 262146"));
    BadRows bad = BadRows.skip();
    List<VqaExample> examples = VqaV2.read(questions, text(dir.resolve("a.json"), ANNOTATIONS), bad);
    assertThat(examples).hasSize(2);
    assertThat(bad.messages())
        .containsExactly(questions + ":5: questions[2]: missing \"question\"", dir.resolve("a.json") + ":4: annotations[2]: question 262146000 is not in " + questions);
  }

  @Test
  void multiByteTextAcrossBufferBoundaries() throws Exception {
    StringBuilder json = new StringBuilder("{\"questions\": [\n");
    for (int i = 0; i < 3000; i++) {
      json.append(i == 0 ? "" : ",\n").append("{\"image_id\": ").append(i).append(", \"question\": \"Is the café ☕ open ").append(i)
          .append("?\", \"question_id\": ").append(i).append('}');
    }
    Path questions = text(dir.resolve("many.json.gz"), json.append("\n]}\n").toString());
    List<VqaExample> examples = VqaV2.readQuestions(questions, BadRows.fail());
    assertThat(examples).hasSize(3000);
    assertThat(examples.get(2999).question()).isEqualTo("Is the café ☕ open 2999?");
    assertThat(examples.get(2999).where()).isEqualTo(questions + ":3001: questions[2999]");
  }
}
