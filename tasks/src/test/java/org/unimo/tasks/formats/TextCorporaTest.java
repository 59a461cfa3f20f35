package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.formats.FormatFiles.bytes;
import static org.unimo.tasks.formats.FormatFiles.concat;
import static org.unimo.tasks.formats.FormatFiles.text;
import static org.unimo.tasks.formats.FormatFiles.utf8;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorporaTest {
  @TempDir Path dir;

  private static List<String> read(Path file, BadRows bad) throws Exception {
    List<String> texts = new ArrayList<>();
    long count = TextCorpora.read(file, bad, texts::add);
    assertThat(count).isEqualTo(texts.size());
    return texts;
  }

  private static void assertBad(Path file, String message) {
    assertThatThrownBy(() -> read(file, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(file + message);
  }

  @Test
  void plainTextIsOneTextPerLineWithBlankLinesSkipped() throws Exception {
    Path file = text(dir.resolve("corpus.txt"), "\uFEFFA dog runs.\r\n\n   \n  two  spaces kept \nlast line without newline");
    assertThat(read(file, BadRows.fail()))
        .containsExactly("A dog runs.", "  two  spaces kept ", "last line without newline");
  }

  @Test
  void jsonLinesTakeTheTextFieldAndIgnoreTheRest() throws Exception {
    Path file =
        text(
            dir.resolve("corpus.jsonl"),
            "{\"text\": \"A dog runs.\", \"source\": \"wiki\", \"n\": [1, 2]}\n\n{\"id\": 3, \"text\": \"two\\nlines \\u00e9\"}\n");
    assertThat(read(file, BadRows.fail())).containsExactly("A dog runs.", "two\nlines \u00e9");
  }

  @Test
  void gzipIsReadWhenTheNameEndsInGz() throws Exception {
    Path plain = text(dir.resolve("corpus.txt.gz"), "one\ntwo\n");
    Path json = text(dir.resolve("corpus.jsonl.gz"), "{\"text\": \"one\"}\n");
    assertThat(read(plain, BadRows.fail())).containsExactly("one", "two");
    assertThat(read(json, BadRows.fail())).containsExactly("one");
    assertThat(TextCorpora.isJsonLines(json)).isTrue();
    assertThat(TextCorpora.isJsonLines(plain)).isFalse();
  }

  @Test
  void eachMalformedJsonLineIsNamedByFileAndLine() throws Exception {
    String good = "{\"text\": \"fine\"}\n";
    assertBad(text(dir.resolve("a.jsonl"), good + "\n{\"text\": 3}\n"), ":3: needs \"text\", a string");
    assertBad(text(dir.resolve("b.jsonl"), good + "{\"title\": \"x\"}\n"), ":2: needs \"text\", a string");
    assertBad(text(dir.resolve("c.jsonl"), good + "{\"text\": \"  \"}\n"), ":2: \"text\" is blank");
    assertBad(text(dir.resolve("d.jsonl"), good + good + "{\"text\": 'x'}\n"), ":3: not JSON (column 11): {\"text\": 'x'}");
    assertBad(text(dir.resolve("e.jsonl"), "[\"fine\"]\n"), ":1: not a JSON object: [\"fine\"]");
  }

  @Test
  void invalidUtf8IsNamedByItsLine() throws Exception {
    Path file = bytes(dir.resolve("latin1.txt"), concat(utf8("fine\nalso fine\ncaf"), new byte[] {(byte) 0xe9}, utf8("\nok\n")));
    assertBad(file, ":3: not UTF-8 text: byte 0xe9 at byte 4 of the line");
    Path gz = bytes(dir.resolve("latin1.txt.gz"), concat(utf8("fine\ncaf"), new byte[] {(byte) 0xe9}, utf8("\n")));
    assertBad(gz, ":2: not UTF-8 text: byte 0xe9 at byte 4 of the line");
  }

  @Test
  void truncatedGzipNamesTheLineReached() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20000; i++) {
      text.append("sentence number ").append(i).append(" of a corpus that was cut short\n");
    }
    Path file = dir.resolve("cut.txt.gz");
    java.nio.file.Files.write(file, FormatFiles.truncatedGzip(utf8(text.toString()), 0.5));
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> TextCorpora.read(file, BadRows.skip(), seen::add))
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith(file + ":" + (seen.size() + 1) + ": truncated or corrupt gzip data (");
    assertThat(seen).isNotEmpty().hasSizeLessThan(20000);
    Path notGzip = text(dir.resolve("plain.txt.gz"), "x");
    java.nio.file.Files.writeString(notGzip, "not gzip\n");
    assertBad(notGzip, ": not gzip data, though the name ends in .gz (Not in GZIP format)");
  }

  @Test
  void skippingCountsBadLinesAndKeepsTheRest() throws Exception {
    Path file =
        bytes(
            dir.resolve("mixed.jsonl"),
            concat(
                utf8("{\"text\": \"one\"}\n{\"text\": 2}\n{\"text\": \"caf"),
                new byte[] {(byte) 0xe9},
                utf8("\"}\nnot json\n{\"text\": \"two\"}\n")));
    BadRows bad = BadRows.skip();
    assertThat(read(file, bad)).containsExactly("one", "two");
    assertThat(bad.count()).isEqualTo(3);
    assertThat(bad.messages())
        .containsExactly(
            file + ":2: needs \"text\", a string",
            file + ":3: not UTF-8 text: byte 0xe9 at byte 14 of the line",
            file + ":4: not JSON (column 1): not json");
  }

  @Test
  void theReaderIsAnIteratorThatEnds() throws Exception {
    Path file = text(dir.resolve("two.txt"), "a\nb\n");
    try (DataReader<String> texts = TextCorpora.open(file, BadRows.fail())) {
      assertThat(texts.hasNext()).isTrue();
      assertThat(texts.hasNext()).isTrue();
      assertThat(texts.next()).isEqualTo("a");
      assertThat(texts.next()).isEqualTo("b");
      assertThat(texts.hasNext()).isFalse();
      assertThatThrownBy(texts::next).isInstanceOf(NoSuchElementException.class);
    }
    assertThatThrownBy(() -> TextCorpora.open(dir.resolve("nope.txt"), BadRows.fail())).isInstanceOf(NoSuchFileException.class);
  }
}
