package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unimo.tasks.cli.MainTest.unimo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.Presets;
import org.unimo.tasks.cli.MainTest.Run;

/** What a newcomer meets on the command line: each message or exit status they would see. */
class NewcomerCliTest {
  private static final Path TINY = Path.of("..", "examples", "configs", "tiny.textproto");

  @Test
  void aQuotedNumberAnUnknownFieldAndAMisspelledEnumAreReportedTogether(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("typos.textproto");
    Files.writeString(
        file,
        Files.readString(TINY)
            .replace("max_length: 24", "max_length: \"128\"")
            .replace("hidden: 128", "hiden: 128")
            .replace("pooling: MEAN", "pooling: AVERAGE"));
    Run run = unimo("spec", file.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err())
        .contains("3 problems")
        .contains(file + ":11:15: text.max_length: expected an integer, found the string \"128\"")
        .contains(file + ":20:3: encoder: no field named \"hiden\"; did you mean \"hidden\"?")
        .contains(file + ":27:12: encoder.pooling: \"AVERAGE\" is not one of FIRST_TOKEN, MEAN");
  }

  @Test
  void aDirectoryWhereAFileIsExpectedIsNamed(@TempDir Path dir) {
    Run run = unimo("spec", dir.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains(dir + ": is a directory; expected a .textproto spec file");
  }

  @Test
  void aMissingRequiredOptionIsNamedAsTypedOnTheCommandLine() {
    Run rewrite = unimo("rewrite", "--captions", "x.jsonl");
    assertThat(rewrite.status()).isEqualTo(2);
    assertThat(rewrite.err()).contains("missing required option --out");
    Run pretrain = unimo("pretrain", "--config", TINY.toString());
    assertThat(pretrain.status()).isEqualTo(2);
    assertThat(pretrain.err()).contains("--out is required (or --resume DIR)");
    Run noValue = unimo("pretrain", "--config");
    assertThat(noValue.err()).contains("--config needs a value FILE");
  }

  @Test
  void fingerprintBeforeTheFileStillReadsTheFile() throws Exception {
    Run run = unimo("spec", "--fingerprint", TINY.toString());
    assertThat(run.status()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo(Presets.tiny().build().fingerprint());
  }

  @Test
  void ablateRefusesMoreVariantsThanThereAre() {
    Run run = unimo("ablate", "--variants", "9");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--variants: 9 exceeds the 5 variants");
  }

  @Test
  void versionPrintsTheToolkitAndTensorFlowVersions() {
    Run run = unimo("--version");
    assertThat(run.status()).isZero();
    assertThat(run.out()).startsWith("unimo ").contains("TensorFlow 2.");
  }

  @Test
  void aResumedRunRefusesOverrides(@TempDir Path dir) {
    Run run = unimo("pretrain", "--resume", dir.toString(), "--set", "training.batch_size=8");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--set cannot change a resumed run");
  }

  @Test
  void resumingADirectoryThatHoldsNoRunSaysSo(@TempDir Path dir) {
    Run run = unimo("pretrain", "--resume", dir.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains(dir.resolve("status.json") + ": missing: not a run directory of unimo pretrain");
  }

  @Test
  void aBadSetIsReportedLikeABadConfig(@TempDir Path dir) {
    Run run =
        unimo("pretrain", "--config", TINY.toString(), "--out", dir.resolve("run").toString(), "--set", "training.batch_sizee=16");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--set training.batch_sizee: training: no field named \"batch_sizee\"; did you mean \"batch_size\"?");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void aBadCheckpointCadenceNamesTheAcceptedForms(@TempDir Path dir) {
    Run run =
        unimo("pretrain", "--config", TINY.toString(), "--out", dir.resolve("run").toString(), "--checkpoint-every", "soon");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--checkpoint-every: 'soon' is neither a positive number of steps (500) nor a duration (90s, 10m, 2h)");
  }
}
