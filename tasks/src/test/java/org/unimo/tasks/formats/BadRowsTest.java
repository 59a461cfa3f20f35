package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BadRowsTest {
  private static final Path FILE = Path.of("features.tsv");

  @Test
  void failThrowsTheFirstProblem() {
    BadRows bad = BadRows.fail();
    DataFileException problem = DataFileException.atLine(FILE, 7, "boxes (column 5): not base64");
    assertThatThrownBy(() -> bad.reject(problem)).isSameAs(problem).hasMessage("features.tsv:7: boxes (column 5): not base64");
    assertThat(bad.report()).isEqualTo("no bad rows");
  }

  @Test
  void skipCountsAndKeepsTheFirstTenMessages() throws Exception {
    BadRows bad = BadRows.skip();
    bad.reject(DataFileException.atLine(FILE, 7, "a"));
    assertThat(bad.report()).isEqualTo("skipped 1 bad row: features.tsv:7: a");
    for (int line = 8; line < 20; line++) {
      bad.reject(DataFileException.atLine(FILE, line, "b"));
    }
    assertThat(bad.count()).isEqualTo(13);
    assertThat(bad.messages()).hasSize(BadRows.KEPT_MESSAGES).startsWith("features.tsv:7: a", "features.tsv:8: b");
    assertThat(bad.report())
        .startsWith("skipped 13 bad rows: features.tsv:7: a\n  features.tsv:8: b\n")
        .endsWith("\n  features.tsv:16: b\n  ... and 3 more");
  }

  @Test
  void messagesNameLinesRecordsOrTheFile() {
    assertThat(DataFileException.atRecord(Path.of("dataset_coco.json"), "images[12].sentences[3]", "missing \"raw\""))
        .hasMessage("dataset_coco.json: images[12].sentences[3]: missing \"raw\"");
    DataFileException whole = DataFileException.inFile(Path.of("captions.json"), "no captions");
    assertThat(whole).hasMessage("captions.json: no captions");
    assertThat(whole.line()).isZero();
    assertThat(whole.where()).isEqualTo("captions.json");
  }
}
