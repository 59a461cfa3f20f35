package org.unimo.tasks.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;

class CaptionFilesTest {
  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> CaptionFiles.captions(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + message);
  }

  @Test
  void jsonLinesTakeStringAndNumberIdsAndSkipBlankLines() throws Exception {
    Path file =
        file(
            "captions.jsonl",
            "{\"image_id\": 57, \"caption\": \"  A man rides a horse. \"}\n\n"
                + "{\"caption\": \"a dog\", \"image_id\": \"coco/000000000139.jpg\", \"extra\": [1, 2]}\r\n");
    assertThat(CaptionFiles.captions(file))
        .containsExactly(new Caption("57", "A man rides a horse."), new Caption("coco/000000000139.jpg", "a dog"));
  }

  @Test
  void cocoCaptionsArePrettyPrintedOrOnOneLine() throws Exception {
    String annotations =
        "\"annotations\": [{\"image_id\": 179765, \"id\": 38, \"caption\": \"A black Honda motorcycle parked.\"},"
            + " {\"image_id\": 190236, \"id\": 49, \"caption\": \"An office cubicle with four monitors.\"}]";
    List<Caption> expected =
        List.of(
            new Caption("179765", "A black Honda motorcycle parked."),
            new Caption("190236", "An office cubicle with four monitors."));
    Path pretty = file("pretty.json", "\n{\n  \"info\": {},\n  \"images\": [{\"id\": 179765}],\n  " + annotations + "\n}\n");
    Path oneLine = file("one-line.json", "{\"images\": []," + annotations + "}");
    assertThat(CaptionFiles.captions(pretty)).isEqualTo(expected);
    assertThat(CaptionFiles.captions(oneLine)).isEqualTo(expected);
  }

  @Test
  void aJsonLineProblemNamesFileAndLine() throws Exception {
    String good = "{\"image_id\": 1, \"caption\": \"a cat\"}\n";
    assertBad(file("a.jsonl", good + good + "{\"image_id\": 2}\n"), ":3: needs \"caption\", a string");
    assertBad(file("b.jsonl", good + "{\"image_id\": 2, \"caption\": \"  \"}\n"), ":2: \"caption\" is empty");
    assertBad(file("c.jsonl", good + "\n{\"image_id\": 1, \"caption\": \"a\"\n"), ":3: not JSON (column");
    assertBad(file("d.jsonl", good + "[1, 2]\n"), ":2: not a JSON object: [1, 2]");
    assertBad(file("e.jsonl", good + "{\"caption\": \"a cat\", \"image_id\": true}\n"), ":2: needs \"image_id\"");
    assertBad(file("f.jsonl", "{\"image_id\": 1, \"caption\": \"a\"\n" + good), ":1: not JSON");
  }

  @Test
  void leniencyIsNotJson() throws Exception {
    assertBad(file("unquoted.jsonl", "{image_id: 1, caption: \"a cat\"}\n"), ":1: not JSON");
    assertBad(file("quotes.jsonl", "{\"image_id\": 1, \"caption\": 'a cat'}\n"), ":1: not JSON");
    assertBad(file("two.jsonl", "{\"image_id\": 1, \"caption\": \"a\"} {\"image_id\": 2, \"caption\": \"b\"}\n"), ":1: not JSON");
  }

  @Test
  void aCocoProblemNamesTheAnnotation() throws Exception {
    assertBad(
        file("coco.json", "{\"annotations\": [{\"image_id\": 1, \"caption\": \"a\"}, {\"image_id\": 2, \"id\": 9}]}"),
        ": annotations[1]: needs \"caption\", a string");
    assertBad(file("array.json", "{\"annotations\": {}}"), ": \"annotations\" is not an array");
    assertBad(file("empty.json", "{\"annotations\": []}"), ": no captions");
    assertBad(
        file("broken.json", "{\n  \"annotations\": [\n    {\"image_id\": 1, \"caption\": \"a\"},,\n  ]\n}\n"),
        ": neither JSON lines (the first lines are not JSON objects) nor a COCO captions document"
            + " (syntax error at line 3 column");
  }

  @Test
  void missingEmptyAndBinaryFilesAreBadInput() throws Exception {
    assertBad(dir.resolve("nope.jsonl"), ": no such file");
    assertBad(file("blank.jsonl", "\n  \n"), ": no captions");
    Path binary = dir.resolve("binary.jsonl");
    Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
    assertBad(binary, ":1: not UTF-8 text");
  }

  @Test
  void labelsAndCorpus() throws Exception {
    Path labels =
        file("labels.jsonl", "{\"image_id\": 7, \"labels\": [\"dog\", \"frisbee\"]}\n{\"image_id\": \"x\", \"labels\": []}\n");
    assertThat(CaptionFiles.labels(labels))
        .containsExactly(new LabeledImage("7", List.of("dog", "frisbee")), new LabeledImage("x", List.of()));
    Path bad = file("bad-labels.jsonl", "{\"image_id\": 7, \"labels\": [\"dog\", 3]}\n");
    assertThatThrownBy(() -> CaptionFiles.labels(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(bad + ":1: \"labels\" holds 3, not a non-blank string");
    Path corpus = file("corpus.txt", "  a cat sits on a mat \n\nthe sky is blue\n");
    assertThat(CaptionFiles.corpus(corpus)).containsExactly("a cat sits on a mat", "the sky is blue");
  }
}
