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

class GlueTsvTest {
  @TempDir Path dir;

  private static final String MNLI_HEADER =
      "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse"
          + "\tsentence1\tsentence2\tlabel1\tgold_label\n";

  private static String mnliRow(int index, String premise, String hypothesis, String label) {
    return index + "\t31193\t31193n\tgovernment\t( ( Conceptually cream ) )\t( ( Product ) )\t(ROOT (S))\t(ROOT (S))\t"
        + premise + "\t" + hypothesis + "\t" + label + "\t" + label + "\n";
  }

  private void assertBad(Path file, GlueTask task, String message) {
    assertThatThrownBy(() -> GlueTsv.read(file, task, BadRows.fail()))
        .isInstanceOf(DataFileException.class)
        .hasMessage(file + message);
  }

  @Test
  void sst2KeepsQuotesAsTextAndIndexesLabels() throws Exception {
    Path file = text(dir.resolve("train.tsv"), "sentence\tlabel\nhide new secretions from the parental units \t0\n\n\"the greatest musicians \t1\n");
    assertThat(GlueTsv.read(file, GlueTask.SST2, BadRows.fail()))
        .containsExactly(
            new GlueExample(null, "hide new secretions from the parental units ", null, 0, Float.NaN, file + ":2"),
            new GlueExample(null, "\"the greatest musicians ", null, 1, Float.NaN, file + ":4"));
    Path test = text(dir.resolve("test.tsv.gz"), "index\tsentence\n0\tuneasy mishmash of styles and genres .\n");
    List<GlueExample> unlabelled = GlueTsv.read(test, GlueTask.SST2.unlabelled(), BadRows.fail());
    assertThat(unlabelled).containsExactly(new GlueExample("0", "uneasy mishmash of styles and genres .", null, GlueExample.NO_LABEL, Float.NaN, test + ":2"));
    assertThat(unlabelled.get(0).hasLabel()).isFalse();
  }

  @Test
  void colaTrainHasNoHeaderAndItsTestOne() throws Exception {
    Path train = text(dir.resolve("in_domain_train.tsv"), "gj04\t1\t\tOur friends won't buy this analysis.\ngj04\t0\t*\tThey drank the pub.\n");
    assertThat(GlueTsv.read(train, GlueTask.COLA, BadRows.fail()))
        .extracting(GlueExample::textA, GlueExample::label)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Our friends won't buy this analysis.", 1),
            org.assertj.core.groups.Tuple.tuple("They drank the pub.", 0));
    Path test = text(dir.resolve("test.tsv"), "index\tsentence\n0\tBill whistled past the house.\n");
    assertThat(GlueTsv.read(test, GlueTask.COLA_TEST, BadRows.fail()))
        .containsExactly(new GlueExample("0", "Bill whistled past the house.", null, GlueExample.NO_LABEL, Float.NaN, test + ":2"));
    assertBad(test, GlueTask.COLA, ":1: expected 4 tab-separated columns (cola has no header), found 2");
  }

  @Test
  void mnliFindsColumnsByHeaderName() throws Exception {
    Path file =
        text(
            dir.resolve("dev_matched.tsv"),
            MNLI_HEADER
                + mnliRow(0, "Conceptually cream skimming has two basic dimensions.", "Product and geography are what make cream skimming work.", "neutral")
                + mnliRow(1, "you know during the season", "You lose the things to the following level.", "contradiction"));
    assertThat(GlueTsv.read(file, GlueTask.MNLI, BadRows.fail()))
        .containsExactly(
            new GlueExample("0", "Conceptually cream skimming has two basic dimensions.", "Product and geography are what make cream skimming work.", 1, Float.NaN, file + ":2"),
            new GlueExample("1", "you know during the season", "You lose the things to the following level.", 2, Float.NaN, file + ":3"));
    assertThat(GlueTask.preset("mnli")).isSameAs(GlueTask.MNLI);
  }

  @Test
  void stsbReadsScores() throws Exception {
    Path file =
        text(
            dir.resolve("dev.tsv"),
            "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\r\n"
                + "0\tmain-captions\tMSRvid\t2012test\t0000\tnone\tnone\tA man with a hard hat is dancing.\tA man wearing a hard hat is dancing.\t5.000\r\n"
                + "1\tmain-captions\tMSRvid\t2012test\t0002\tnone\tnone\tA young child is riding a horse.\tA child is riding a horse.\t4.750\r\n");
    List<GlueExample> examples = GlueTsv.read(file, GlueTask.STSB, BadRows.fail());
    assertThat(examples).extracting(GlueExample::score).containsExactly(5.0f, 4.75f);
    assertThat(examples.get(1).hasScore()).isTrue();
    assertThat(examples.get(1).hasLabel()).isFalse();
    assertThat(examples.get(1).textB()).isEqualTo("A child is riding a horse.");
  }

  @Test
  void problemsNameTheFileAndLine() throws Exception {
    String header = "sentence\tlabel\n";
    assertBad(text(dir.resolve("columns.tsv"), header + "a fine film\t1\n" + "a film\twith a tab\t0\n"),
        GlueTask.SST2, ":3: expected 2 tab-separated columns (as the header has), found 3");
    assertBad(text(dir.resolve("tab.tsv"), header + "no tab here\n"), GlueTask.SST2, ":2: expected 2 tab-separated columns (as the header has), found 1 (no tab in the line)");
    assertBad(text(dir.resolve("label.tsv"), header + "a fine film\tpositive\n"), GlueTask.SST2, ":2: unknown label \"positive\" in \"label\" (column 2); sst2's labels: 0, 1");
    assertBad(text(dir.resolve("blank.tsv"), header + " \t1\n"), GlueTask.SST2, ":2: \"sentence\" (column 1) is empty");
    assertBad(text(dir.resolve("gold.tsv"), MNLI_HEADER + mnliRow(0, "p", "h", "-")), GlueTask.MNLI,
        ":2: unknown label \"-\" in \"gold_label\" (column 12); mnli's labels: entailment, neutral, contradiction");
    assertBad(text(dir.resolve("header.tsv"), "text\tlabel\na\t1\n"), GlueTask.SST2, ":1: the header has no column \"sentence\", which sst2 reads (it has: text, label)");
    assertBad(text(dir.resolve("empty.tsv"), ""), GlueTask.SST2, ":1: expected a header line naming the columns of sst2, found an empty file");
    assertBad(text(dir.resolve("only-header.tsv"), header), GlueTask.SST2, ": no examples");
    String stsbHeader = "index\tsentence1\tsentence2\tscore\n";
    assertBad(text(dir.resolve("score.tsv"), stsbHeader + "0\ta\tb\tfive\n"), GlueTask.STSB, ":2: score \"five\" in \"score\" (column 4) is not a number");
    assertBad(text(dir.resolve("range.tsv"), stsbHeader + "0\ta\tb\t5.2\n"), GlueTask.STSB, ":2: score 5.2 in \"score\" (column 4) is not in 0.0..5.0");
    assertBad(TaskFiles.bytes(dir.resolve("utf8.tsv"), TaskFiles.notUtf8(header + "caf", "\t1\n")), GlueTask.SST2,
        ":2: not UTF-8 text: byte 0xff at byte 4 of the line");
  }

  @Test
  void skippingLeavesOutBadRowsAndCountsThem() throws Exception {
    Path file = text(dir.resolve("train.tsv"), "sentence\tlabel\ngood\t1\nbad\t2\nworse\n" + "fine\t0\n");
    BadRows bad = BadRows.skip();
    assertThat(GlueTsv.read(file, GlueTask.SST2, bad)).extracting(GlueExample::textA).containsExactly("good", "fine");
    assertThat(bad.count()).isEqualTo(2);
    assertThat(bad.messages().get(0)).startsWith(file + ":3: unknown label \"2\"");
  }

  @Test
  void customTasksAndPresetNames() {
    GlueTask qnli = GlueTask.builder("qnli").textA("question").textB("sentence").label("label", "entailment", "not_entailment").build();
    assertThat(qnli.header()).isTrue();
    assertThat(qnli.labels()).containsExactly("entailment", "not_entailment");
    assertThat(GlueTask.presetNames()).containsExactly("cola", "cola-test", "mnli", "sst2", "stsb");
    assertThatThrownBy(() -> GlueTask.preset("qqp")).hasMessage("no GLUE task preset \"qqp\"; the presets: cola, cola-test, mnli, sst2, stsb");
    assertThatThrownBy(() -> GlueTask.builder("x").noHeader(2).textA("sentence").build())
        .hasMessage("GLUE task x: column \"sentence\" is named, but the files have no header");
    assertThat(GlueTask.STSB.regression()).isTrue();
    assertThat(GlueTask.STSB.unlabelled().regression()).isFalse();
  }
}
