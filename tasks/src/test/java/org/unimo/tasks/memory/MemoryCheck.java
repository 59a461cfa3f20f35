package org.unimo.tasks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.dsl.Seq2SeqSpec;
import org.unimo.graph.MemoryEstimate;
import org.unimo.graph.objective.ObjectiveRegistry;

/**
 * Checks {@link MemoryEstimate} against the peak resident memory of real training steps: each
 * config trains 2 steps on {@link SyntheticSource} in a fresh JVM ({@link MemoryProbe}), whose
 * VmHWM is compared with the estimate. Opt-in, minutes long and gigabytes large:
 *
 * <pre>
 * mvn -B -q -pl tasks -am test -Dtest=MemoryCheck -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dunimo.memory.check=true [-Dunimo.memory.configs=NAME,NAME]
 * </pre>
 *
 * <p>The table goes to standard output and {@code tasks/target/memory-check.md}; docs/memory.md
 * records it. A config whose estimate exceeds the machine's available memory is listed, not run.
 */
@EnabledIfSystemProperty(named = "unimo.memory.check", matches = "true")
public class MemoryCheck {
  /** The limit the estimate is held to for the configs it was calibrated on. */
  private static final double TOLERANCE = 0.25;

  /** A config of the check; {@code checked} ones must be within the tolerance. */
  public record Config(String name, ModelSpec spec, boolean checked) {}

  /**
   * The paper's architecture (every objective, GPT-2's vocabulary, 1601 detector classes) at
   * another size. Heads of 64 dimensions, FFN 4 x hidden.
   */
  static ModelSpec paper(String name, int layers, int hidden, int batch, int length, int regions, int features) {
    return Presets.unimoBase()
        .name(name)
        .text(t -> t.gpt2().maxLength(length))
        .image(i -> i.featureSize(features).maxRegions(regions))
        .encoder(e -> e.layers(layers).hidden(hidden).heads(hidden / 64).ffn(4 * hidden).maxPositions(Math.max(length, 64)))
        .training(t -> t.batchSize(batch).steps(2))
        .optimizer(o -> o.warmupSteps(1))
        .compile(c -> c.intraOpThreads(2).interOpThreads(1))
        .build();
  }

  public static List<Config> configs() {
    List<Config> configs = new ArrayList<>();
    // Nearly no activations: the runtime and the graph, with 1 and 8 layers.
    configs.add(new Config("1x64 b2 T32 R4 F64", paper("t1", 1, 64, 2, 32, 4, 64), false));
    configs.add(new Config("8x64 b2 T32 R4 F64", paper("t2", 8, 64, 2, 32, 4, 64), false));
    configs.add(new Config("4x256 b8 T64 R36 F2048", paper("m1", 4, 256, 8, 64, 36, 2048), true));
    configs.add(new Config("4x256 b16 T128 R36 F2048", paper("m2", 4, 256, 16, 128, 36, 2048), true));
    configs.add(new Config("6x384 b8 T128 R50 F2048", paper("m3", 6, 384, 8, 128, 50, 2048), true));
    configs.add(new Config("4x512 b8 T256 R36 F2048", paper("m4", 4, 512, 8, 256, 36, 2048), true));
    configs.add(new Config("6x512 b16 T128 R36 F2048", paper("m5", 6, 512, 16, 128, 36, 2048), true));
    configs.add(new Config("6x512 b8 T256 R100 F2048", paper("m6", 6, 512, 8, 256, 100, 2048), true));
    configs.add(
        new Config(
            "4x256 b8 T64 R36 F2048 + samples",
            paper("m7", 4, 256, 8, 64, 36, 2048).toBuilder()
                .cmcl(c -> c.samples(s -> s.paraphrases(1).relatedImages(1).tfidfNegatives(1).objectNegatives(1)))
                .build(),
            true));
    configs.add(
        new Config(
            "6x512 b16 T128 R36 F2048 mix",
            paper("m8", 6, 512, 16, 128, 36, 2048).toBuilder().training(t -> t.mix(1, 1, 1)).build(),
            true));
    // Not used to fit the factors: other widths, a small vocabulary, text only, no dropout.
    configs.add(new Config("5x320 b12 T96 R20 F1024", paper("v1", 5, 320, 12, 96, 20, 1024), true));
    configs.add(
        new Config(
            "4x256 b16 T128 R36 F2048, byte BPE 1000",
            paper("v2", 4, 256, 16, 128, 36, 2048).toBuilder().text(t -> t.byteBpe(1000)).build(),
            true));
    configs.add(
        new Config(
            "6x384 b16 T192 text only (masked LM, seq2seq), dropout 0",
            ModelSpec.builder("v3")
                .text(t -> t.gpt2().maxLength(192))
                .encoder(e -> e.layers(6).hidden(384).heads(6).ffn(1536).dropout(0f).maxPositions(192))
                .maskedLm(m -> m.rate(0.15f))
                .seq2seq(g -> g.weight(1f))
                .training(t -> t.batchSize(16).steps(2))
                .optimizer(o -> o.warmupSteps(1))
                .compile(c -> c.intraOpThreads(2).interOpThreads(1))
                .build(),
            true));
    // Measured after the factors were fitted to all of the above: held out.
    configs.add(new Config("8x512 b4 T256 R100 F2048 (held out)", paper("h1", 8, 512, 4, 256, 100, 2048), true));
    configs.add(
        new Config(
            "3x640 b12 T160 R64 F1024, left-to-right seq2seq, CMCL with 2 paraphrases (held out)",
            paper("h2", 3, 640, 12, 160, 64, 1024).toBuilder()
                .seq2seq(g -> g.attention(Seq2SeqSpec.Attention.LEFT_TO_RIGHT))
                .cmcl(c -> c.samples(x -> x.paraphrases(2)))
                .build(),
            true));
    configs.add(new Config("12x768 b4 T128 R100 F2048 (held out)", paper("h3", 12, 768, 4, 128, 100, 2048), false));
    // UNIMO-base's architecture (12 x 768, 50k vocabulary, 100 regions of 2048-d features, every
    // objective) at batches that fit in the development machine's 24 GB; batch 8 x 512 does not.
    configs.add(new Config("12x768 b2 T128 R100 F2048", paper("base-b2-t128", 12, 768, 2, 128, 100, 2048), false));
    configs.add(new Config("12x768 b2 T256 R100 F2048", paper("base-b2-t256", 12, 768, 2, 256, 100, 2048), false));
    configs.add(new Config("12x768 b8 T512 R100 F2048 (UNIMO-base)", paper("unimo-base-b8", 12, 768, 8, 512, 100, 2048), false));
    return configs;
  }

  record Measured(long hwmKb, long readyKb, String line) {}

  private static final Pattern HWM = Pattern.compile("\"hwm_kb\":(\\d+)");
  private static final Pattern READY = Pattern.compile("\"rss_ready_kb\":(\\d+)");

  static Measured measure(ModelSpec spec, Path dir) throws Exception {
    Path file = dir.resolve(spec.name() + ".textproto");
    Files.writeString(file, spec.toTextProto());
    Path out = dir.resolve(spec.name() + ".out");
    Path err = dir.resolve(spec.name() + ".err");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.awt.headless=true",
            "-cp",
            System.getProperty("java.class.path"),
            MemoryProbe.class.getName(),
            file.toString(),
            "2");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "1");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(spec.name() + ": no result in 60 minutes");
    }
    String line =
        Files.readAllLines(out).stream().filter(l -> l.startsWith("MEMORY-PROBE ")).findFirst()
            .orElseThrow(() -> new AssertionError(spec.name() + " failed:\n" + readQuietly(err)));
    return new Measured(group(HWM, line), group(READY, line), line);
  }

  /** MemAvailable of /proc/meminfo: a config estimated above it is not run. */
  private static long available() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemAvailable:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return Long.MAX_VALUE;
  }

  private static long group(Pattern pattern, String line) {
    Matcher m = pattern.matcher(line);
    if (!m.find()) {
      throw new AssertionError("no " + pattern + " in " + line);
    }
    return Long.parseLong(m.group(1));
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /**
   * The estimate split by factor, for calibration: each factor alone at 1 (the others 0), less the
   * terms no factor scales ({@code fixed}: weights, Adam, heads' outputs).
   */
  public static String components(ModelSpec spec) {
    MemoryEstimate.Factors zero = new MemoryEstimate.Factors(0, 0, 0, 0, 0, 0, 0, 0, 0);
    long fixed = MemoryEstimate.of(spec, ObjectiveRegistry.builtIn(), zero).totalBytes();
    List<MemoryEstimate.Factors> units =
        List.of(
            new MemoryEstimate.Factors(0, 1, 0, 0, 0, 0, 0, 0, 0),
            new MemoryEstimate.Factors(0, 0, 1, 0, 0, 0, 0, 0, 0),
            new MemoryEstimate.Factors(0, 0, 0, 1, 0, 0, 0, 0, 0),
            new MemoryEstimate.Factors(0, 0, 0, 0, 1, 0, 0, 0, 0),
            new MemoryEstimate.Factors(0, 0, 0, 0, 0, 1, 0, 0, 0),
            new MemoryEstimate.Factors(0, 0, 0, 0, 0, 0, 1, 0, 0),
            new MemoryEstimate.Factors(0, 0, 0, 0, 0, 0, 0, 1, 0),
            new MemoryEstimate.Factors(0, 0, 0, 0, 0, 0, 0, 0, 1));
    List<String> names = List.of("graph", "hidden", "ffn", "attention", "embedding", "logits", "gradients", "contributions");
    StringBuilder json = new StringBuilder("{\"fixed\":" + fixed);
    for (int i = 0; i < units.size(); i++) {
      json.append(",\"").append(names.get(i)).append("\":")
          .append(MemoryEstimate.of(spec, ObjectiveRegistry.builtIn(), units.get(i)).totalBytes() - fixed);
    }
    return json.append('}').toString();
  }

  @Test
  void theEstimateIsWithinAQuarterOfThePeakResidentMemory(@TempDir Path dir) throws Exception {
    String only = System.getProperty("unimo.memory.configs", "");
    List<String> wanted = only.isEmpty() ? List.of() : List.of(only.split(","));
    StringBuilder table = new StringBuilder();
    table.append("| config | parameters | estimate | measured peak (VmHWM) | estimate / measured | after start-up (VmRSS) |\n");
    table.append("|---|---:|---:|---:|---:|---:|\n");
    List<String> outside = new ArrayList<>();
    for (Config config : configs()) {
      if (!wanted.isEmpty() && !wanted.contains(config.spec().name())) {
        continue;
      }
      MemoryEstimate estimate = MemoryEstimate.of(config.spec());
      long available = available();
      if (estimate.totalBytes() > available) {
        String row =
            String.format(
                Locale.ROOT,
                "| %s | %,d | %s | not measured: %s available | | |",
                config.name(),
                estimate.parameterCount(),
                MemoryEstimate.human(estimate.totalBytes()),
                MemoryEstimate.human(available));
        System.out.println(row);
        table.append(row).append('\n');
        continue;
      }
      Measured measured = measure(config.spec(), dir);
      long peak = measured.hwmKb() * 1024;
      double ratio = (double) estimate.totalBytes() / peak;
      String row =
          String.format(
              Locale.ROOT,
              "| %s | %,d | %s | %s | %.2f | %s |",
              config.name(),
              estimate.parameterCount(),
              MemoryEstimate.human(estimate.totalBytes()),
              MemoryEstimate.human(peak),
              ratio,
              MemoryEstimate.human(measured.readyKb() * 1024));
      System.out.println(row);
      System.out.println("  " + measured.line());
      System.out.println("  MEMORY-COMPONENTS " + components(config.spec()));
      table.append(row).append('\n');
      if (config.checked() && Math.abs(ratio - 1) > TOLERANCE) {
        outside.add(config.name() + String.format(Locale.ROOT, " (%.2f)", ratio));
      }
    }
    Files.writeString(Path.of("target", "memory-check.md"), table.toString());
    System.out.print(table);
    assertThat(outside).as("configs whose estimate is off by more than %.0f%%", TOLERANCE * 100).isEmpty();
  }
}
