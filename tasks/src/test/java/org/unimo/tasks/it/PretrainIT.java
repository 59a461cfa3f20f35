package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unimo pretrain} on the committed tiny config, which declares every UNIMO objective:
 * every objective is reported each step and its mean over the last 20 steps is below its mean
 * over the first 20; bf16 and fp16 (with dynamic loss scaling) train with finite losses.
 */
class PretrainIT {
  private static final Path TINY = Path.of("..", "examples", "configs", "tiny.textproto");
  private static final List<String> OBJECTIVES =
      List.of("mlm", "seq2seq", "mrfr", "mrc", "cmcl", "pair_mlm", "caption_generation", "total");
  private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9.eE+-]+|NaN|-?Infinity)");

  /** The numeric fields of one metrics line. */
  private static Map<String, Double> numbers(String line) {
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher m = NUMBER.matcher(line);
    while (m.find()) {
      values.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return values;
  }

  private static List<Map<String, Double>> steps(Cli.Run run) {
    List<Map<String, Double>> steps = new ArrayList<>();
    for (String line : run.out().split("\n")) {
      if (line.startsWith("{\"step\":")) {
        steps.add(numbers(line));
      }
    }
    return steps;
  }

  private static double mean(List<Map<String, Double>> steps, String key) {
    return steps.stream().mapToDouble(s -> s.get(key)).average().orElseThrow();
  }

  @Test
  void everyDeclaredObjectiveFallsOver300Steps(@TempDir Path dir) throws Exception {
    Cli.Run run =
        Cli.unimo(dir, 30, "pretrain", "--config", TINY.toString(), "--steps", "300", "--out", dir.resolve("run").toString(), "--no-progress", "--deterministic");
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    List<Map<String, Double>> steps = steps(run);
    assertThat(steps).hasSize(300);
    for (Map<String, Double> step : steps) {
      assertThat(step).containsKeys(OBJECTIVES.toArray(String[]::new));
    }
    for (String objective : OBJECTIVES) {
      assertThat(mean(steps.subList(280, 300), objective))
          .as(objective + ": last 20 steps against first 20")
          .isLessThan(mean(steps.subList(0, 20), objective));
    }
    assertThat(run.err()).contains("loss means, first 20 -> last 20").doesNotContain("not decreasing");
  }

  @Test
  void aShortSmokeRunWithOverridesWorksAndWarnsThatWarmupWillNotFinish(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("smoke");
    Cli.Run run =
        Cli.unimo(dir, 10, "pretrain", "--config", TINY.toString(), "--steps", "30", "--set", "training.batch_size=16", "--out", runDir.toString());
    assertThat(run.status()).as("stderr:%n%s", run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(30).allSatisfy(line -> assertThat(line).startsWith("{\"step\":").endsWith("}"));
    assertThat(run.out()).doesNotContain("\r");
    assertThat(run.err())
        .contains("warning: optimizer.warmup_steps: 100 exceeds training.steps (30): the learning rate will not reach its peak")
        .contains("too few to judge")
        .doesNotContain("not decreasing", "\r", "SLF4J");
    assertThat(Files.readString(runDir.resolve("spec.textproto"))).contains("batch_size: 16").contains("steps: 30");
    assertThat(Files.readString(runDir.resolve("status.json"))).contains("\"state\":\"finished\"");
  }

  @Test
  void bfloat16AndFloat16WithLossScalingTrainWithFiniteLosses(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("tiny-short.textproto");
    Files.writeString(config, Files.readString(TINY).replace("warmup_steps: 100", "warmup_steps: 10"));
    for (String precision : List.of("bf16", "fp16")) {
      Cli.Run run =
          Cli.unimo(dir, 15, "pretrain", "--config", config.toString(), "--steps", "40", "--precision", precision,
              "--out", dir.resolve(precision).toString(), "--no-progress", "--deterministic");
      assertThat(run.status()).as("%s stderr:%n%s", precision, run.err()).isZero();
      List<Map<String, Double>> steps = steps(run);
      assertThat(steps).hasSize(40);
      for (Map<String, Double> step : steps) {
        for (String objective : OBJECTIVES) {
          assertThat(step.get(objective)).as(precision + " " + objective).isFinite();
        }
      }
      assertThat(mean(steps.subList(30, 40), "total")).isLessThan(mean(steps.subList(0, 10), "total"));
      if (precision.equals("fp16")) {
        assertThat(steps.get(39)).containsKeys("loss_scale", "skipped_steps");
        assertThat(run.err()).contains("fp16 loss scaling:");
      } else {
        assertThat(steps.get(39)).doesNotContainKey("loss_scale");
      }
    }
  }
}
