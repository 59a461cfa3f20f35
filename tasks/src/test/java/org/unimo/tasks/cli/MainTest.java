package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.Presets;
import org.unimo.graph.MemoryEstimate;

public class MainTest {
  public record Run(int status, String out, String err) {}

  public static Run unimo(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aSpecWithThreeMistakesNamesAllThreeAndExitsTwo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.textproto");
    Files.writeString(
        file,
        Presets.tiny().build().toTextProto()
            .replace("hidden: 128", "hidden: 250")
            .replace("dropout: 0.1", "dropout: 1.5")
            .replace("batch_size: 64", "batch_size: 0"));
    Run run = unimo("spec", file.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("3 problems")
        .contains("encoder.hidden: 250 is not divisible by encoder.heads (4)")
        .contains("encoder.dropout: 1.5 must be in [0, 1)")
        .contains("training.batch_size: 0 must be positive");
  }

  @Test
  void specPrintsTheCanonicalFormAndTheFingerprint(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.textproto");
    Files.writeString(file, "name: \"tiny\"\nobjectives { masked_lm {} }\n");
    Run canonical = unimo("spec", file.toString());
    assertThat(canonical.status()).isEqualTo(0);
    assertThat(canonical.out()).contains("encoder {").contains("layers: 12");
    Run fingerprint = unimo("spec", file.toString(), "--fingerprint");
    assertThat(fingerprint.out().trim()).matches("[0-9a-f]{64}");
  }

  @Test
  void specMemoryPrintsTheEstimateTermByTermAndAsJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.textproto");
    Files.writeString(file, Presets.tiny().build().toTextProto());
    Run table = unimo("spec", file.toString(), "--memory");
    assertThat(table.status()).as(table.err()).isZero();
    long total = MemoryEstimate.of(Presets.tiny().build()).totalBytes();
    assertThat(table.out())
        .startsWith("tiny: estimated peak memory of a training step")
        .contains("weights: Adam slots (m, v)")
        .contains("mlm: LM logits 320 x 1000")
        .contains("cmcl: image encoder pass 64 x 6")
        .containsPattern("total +" + java.util.regex.Pattern.quote(MemoryEstimate.human(total)));
    Run json = unimo("spec", file.toString(), "--memory", "--json");
    assertThat(json.status()).isZero();
    com.google.gson.JsonObject parsed = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
    assertThat(parsed.get("total_bytes").getAsLong()).isEqualTo(total);
    assertThat(parsed.getAsJsonArray("terms")).isNotEmpty();
    assertThat(unimo("spec", file.toString(), "--json").status()).isEqualTo(2);
  }

  @Test
  void aMissingFileIsAUsageError(@TempDir Path dir) {
    Run run = unimo("spec", dir.resolve("nope.textproto").toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("nope.textproto").contains("no such spec file");
  }

  @Test
  void unknownCommandsAndOptionsAreUsageErrors() {
    assertThat(unimo("fly").status()).isEqualTo(2);
    assertThat(unimo().status()).isEqualTo(2);
    Run run = unimo("demo", "--steps", "zero");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--steps: 'zero' is not a positive integer");
    assertThat(unimo("pretrain", "--out", "x").err()).contains("--config is required (or --resume DIR)");
    Run ablate = unimo("ablate", "--variants", "none");
    assertThat(ablate.status()).isEqualTo(2);
    assertThat(ablate.err()).contains("--variants: 'none' is not a positive integer");
  }

  @Test
  void anUnknownPrecisionNamesTheChoices(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("tiny.textproto");
    Files.writeString(config, Presets.tiny().build().toTextProto());
    Run run =
        unimo("pretrain", "--config", config.toString(), "--out", dir.resolve("run").toString(), "--precision", "fp8");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--precision: 'fp8' is not one of fp32, bf16, fp16");
  }

  @Test
  void pretrainRefusesANonEmptyRunDirectory(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("tiny.textproto");
    Files.writeString(config, Presets.tiny().build().toTextProto());
    Files.writeString(dir.resolve("something"), "x");
    Run run = unimo("pretrain", "--config", config.toString(), "--out", dir.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("exists and is not empty");
  }

  @Test
  void pretrainNamesTheFieldThatDoesNotFitTheData(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("big.textproto");
    Files.writeString(
        config, Presets.tiny().image(i -> i.featureSize(2048)).build().toTextProto());
    Run run =
        unimo("pretrain", "--config", config.toString(), "--out", dir.resolve("run").toString(),
            "--cache", dir.resolve("cache").toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("image.feature_size: 2048 does not match the shapes world's 64-d region features");
  }

  @Test
  void checkPassesOnTheRecordedFingerprintAndCatchesAOneFieldChange(@TempDir Path dir)
      throws Exception {
    String config = Presets.tiny().build().toTextProto();
    String recorded = Presets.tiny().build().fingerprint();
    Path file = dir.resolve("tiny.textproto");
    Files.writeString(file, config);
    Run same = unimo("spec", "--check", file.toString(), "--fingerprint", recorded);
    assertThat(same.status()).isEqualTo(0);
    assertThat(same.out()).contains("matches");

    Files.writeString(file, config.replace("temperature: 0.07", "temperature: 0.08"));
    Run drifted = unimo("spec", "--check", file.toString(), "--fingerprint", recorded);
    assertThat(drifted.status()).isEqualTo(1);
    assertThat(drifted.err()).contains("the config drifted").contains(recorded);

    assertThat(unimo("spec", "--check", file.toString()).status()).isEqualTo(2);
    assertThat(unimo("spec", "--check", file.toString(), "--fingerprint", "abc").err())
        .contains("64-digit hex");
  }
}
