package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;

class SnliVeTest {
  @TempDir Path dir;

  private static final String LINE =
      "{\"Flikr30kID\": \"2248275918.jpg\", \"gold_label\": \"entailment\", \"sentence2\": \" The church is filled with song. \","
          + " \"pairID\": \"2248275918.jpg#1r1e\", \"sentence1\": \"This church choir sings to the masses.\", \"captionID\": \"2248275918.jpg#1\"}\n";

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> SnliVe.read(file, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(file + message);
  }

  @Test
  void readsTheImageIdHypothesisAndLabel() throws Exception {
    Path file =
        text(
            dir.resolve("snli_ve_dev.jsonl.gz"),
            LINE + "\n{\"Flikr30kID\": \"4691346547.jpg\", \"gold_label\": \"contradiction\", \"sentence2\": \"A woman sleeps.\"}\n");
    assertThat(SnliVe.read(file, BadRows.fail()))
        .containsExactly(
            new SnliVeExample("2248275918", "The church is filled with song.", 0, "2248275918.jpg#1r1e", file + ":1"),
            new SnliVeExample("4691346547", "A woman sleeps.", 2, null, file + ":3"));
    assertThat(SnliVe.read(file, BadRows.fail()).get(1).labelName()).isEqualTo("contradiction");
    Path corrected = text(dir.resolve("corrected.jsonl"), LINE.replace("Flikr30kID", "Flickr30kID"));
    assertThat(SnliVe.read(corrected, BadRows.fail())).extracting(SnliVeExample::imageId).containsExactly("2248275918");
  }

  @Test
  void problemsNameTheFileAndLine() throws Exception {
    assertBad(text(dir.resolve("json.jsonl"), LINE + "{\"Flikr30kID\": \"1.jpg\",\n"), ":2: not JSON (column 24): {\"Flikr30kID\": \"1.jpg\",");
    assertBad(text(dir.resolve("image.jsonl"), LINE + "{\"gold_label\": \"neutral\", \"sentence2\": \"a\"}\n"), ":2: missing \"Flikr30kID\"");
    assertBad(text(dir.resolve("hypothesis.jsonl"), LINE.replace("\"sentence2\"", "\"hypothesis\"")), ":1: missing \"sentence2\"");
    assertBad(text(dir.resolve("type.jsonl"), LINE.replace("\"2248275918.jpg\",", "2248275918,")), ":1: \"Flikr30kID\" is 2248275918, not a string");
    assertBad(text(dir.resolve("label.jsonl"), LINE.replace("\"entailment\"", "\"-\"")),
        ":1: unknown \"gold_label\" \"-\"; the labels: entailment, neutral, contradiction");
    assertBad(text(dir.resolve("array.jsonl"), "[1, 2]\n"), ":1: not a JSON object: [1, 2]");
    assertBad(TaskFiles.bytes(dir.resolve("utf8.jsonl"), TaskFiles.notUtf8(LINE + "{\"sentence2\": \"caf", "\"}\n")),
        ":2: not UTF-8 text: byte 0xff at byte 19 of the line");
    assertBad(text(dir.resolve("empty.jsonl"), "\n"), ": no examples");
  }

  @Test
  void skippingLeavesOutBadLines() throws Exception {
    Path file = text(dir.resolve("train.jsonl"), "not json\n" + LINE + LINE.replace("entailment\"", "Entailment\""));
    BadRows bad = BadRows.skip();
    assertThat(SnliVe.read(file, bad)).hasSize(1);
    assertThat(bad.count()).isEqualTo(2);
    assertThat(bad.messages()).allMatch(m -> m.startsWith(file.toString()));
  }
}
