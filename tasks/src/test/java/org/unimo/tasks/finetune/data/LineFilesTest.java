package org.unimo.tasks.finetune.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unimo.tasks.finetune.data.TaskFiles.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.DataReader;

class LineFilesTest {
  @TempDir Path dir;

  private void assertBad(Path source, Path target, String message) {
    assertThatThrownBy(() -> LineFiles.read(source, target, BadRows.fail())).isInstanceOf(DataFileException.class).hasMessage(message);
  }

  @Test
  void readsLineNOfTheSourceWithLineNOfTheTarget() throws Exception {
    Path source = text(dir.resolve("train.src.gz"), "\uFEFFaustralia 's current account deficit shrunk\r\nat least two people were killed\n");
    Path target = text(dir.resolve("train.tgt.gz"), "australian current account deficit narrows\r\ntwo killed in blast\n");
    assertThat(LineFiles.read(source, target, BadRows.fail()))
        .containsExactly(
            new SourceTarget("australia 's current account deficit shrunk", "australian current account deficit narrows", source + ":1, " + target + ":1"),
            new SourceTarget("at least two people were killed", "two killed in blast", source + ":2, " + target + ":2"));
    Path noNewline = text(dir.resolve("a.source"), " (CNN) -- An article.");
    try (DataReader<SourceTarget> pairs = LineFiles.open(noNewline, text(dir.resolve("a.target"), "A summary.\n"), BadRows.fail())) {
      List<String> sources = new ArrayList<>();
      while (pairs.hasNext()) {
        sources.add(pairs.next().source());
      }
      assertThat(sources).as("kept as written").containsExactly(" (CNN) -- An article.");
    }
  }

  @Test
  void targetOfMapsSourceNamesToTargetNames() {
    assertThat(LineFiles.targetOf(Path.of("data/train.src"))).isEqualTo(Path.of("data/train.tgt"));
    assertThat(LineFiles.targetOf(Path.of("data/val.source"))).isEqualTo(Path.of("data/val.target"));
    assertThat(LineFiles.targetOf(Path.of("test.src.gz"))).isEqualTo(Path.of("test.tgt.gz"));
    assertThat(LineFiles.targetOf(Path.of("test.source.gz"))).isEqualTo(Path.of("test.target.gz"));
    for (String name : List.of("train.txt", "train.tgt", ".src", "train.src.txt")) {
      assertThatThrownBy(() -> LineFiles.targetOf(Path.of(name)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cannot tell the target file of " + name + ": a source file's name ends in .src or .source (maybe then .gz)");
    }
  }

  @Test
  void blankLinesAreBadRowsNamingTheirFileAndLine() throws Exception {
    Path source = text(dir.resolve("b.src"), "one\n\nthree\nfour\n");
    Path target = text(dir.resolve("b.tgt"), "1\n2\n \n4\n");
    assertBad(source, target, source + ":2: blank source line (its target: " + target + ":2)");
    BadRows bad = BadRows.skip();
    assertThat(LineFiles.read(source, target, bad)).extracting(SourceTarget::target).containsExactly("1", "4");
    assertThat(bad.count()).isEqualTo(2);
    assertThat(bad.messages())
        .containsExactly(source + ":2: blank source line (its target: " + target + ":2)", target + ":3: blank target line (its source: " + source + ":3)");
    Path blank = text(dir.resolve("blank.src"), "\n");
    assertThatThrownBy(() -> LineFiles.read(blank, text(dir.resolve("blank.tgt"), "x\n"), BadRows.skip()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(blank + ": no examples (1 bad rows skipped)");
  }

  @Test
  void filesOfUnequalLengthStopTheReadNamingBoth() throws Exception {
    Path source = text(dir.resolve("c.src"), "one\ntwo\nthree\n");
    Path target = text(dir.resolve("c.tgt"), "1\n2\n");
    assertBad(source, target, target + ":2: the target ends after line 2, but " + source + " goes on at line 3");
    Path longer = text(dir.resolve("d.tgt"), "1\n2\n3\n4\n");
    assertBad(source, longer, source + ":3: the source ends after line 3, but " + longer + " goes on at line 4");
    Path empty = text(dir.resolve("e.src"), "");
    assertBad(empty, target, empty + ": the source has no lines, but " + target + " goes on at line 1");
    BadRows bad = BadRows.skip();
    assertThatThrownBy(() -> LineFiles.read(source, target, bad)).as("whatever the policy").isInstanceOf(DataFileException.class);
  }

  @Test
  void bytesThatAreNotUtf8StopTheRead() throws Exception {
    Path source = TaskFiles.bytes(dir.resolve("f.src"), TaskFiles.notUtf8("one\ncaf", "\nthree\n"));
    Path target = text(dir.resolve("f.tgt"), "1\n2\n3\n");
    assertThatThrownBy(() -> LineFiles.read(source, target, BadRows.skip()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(source + ":2: not UTF-8 text: byte 0xff at byte 4 of the line");
    Path gz = text(dir.resolve("g.src.gz"), "x\n");
    Path notGzip = TaskFiles.bytes(dir.resolve("g.tgt"), new byte[0]);
    Path plain = Files.write(dir.resolve("h.tgt.gz"), "plain".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> LineFiles.read(gz, plain, BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessageStartingWith(plain + ": not gzip data");
    assertBad(gz, notGzip, notGzip + ": the target has no lines, but " + gz + " goes on at line 1");
  }
}
