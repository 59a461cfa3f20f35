package org.unimo.tasks.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.DataFilesSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.tasks.formats.RegionFeatureTsv;
import org.unimo.tasks.prepared.PreparedSource;
import org.unimo.tasks.prepared.Preparer;
import org.unimo.tasks.training.ProcessMemory;
import org.unimo.tasks.training.TrainingRun;
import org.unimo.tasks.training.Trainer;

/**
 * {@code unimo bench-data --out DIR}: the input pipeline under a data set larger than the heap.
 * Writes a synthetic data set in the standard formats (random region features, captions and
 * text), prepares it, trains the tiny model on it for several epochs and prints, after each
 * epoch, the process's resident memory and the share of step time the loop waited for examples.
 * Run it with a small heap ({@code JAVA_TOOL_OPTIONS=-Xmx1g}) and {@code --mb} above it: resident
 * memory that stays flat from epoch to epoch means the data is streamed, not held.
 */
final class BenchDataCommand implements Command {
  private static final List<String> WORDS =
      List.of("a", "the", "red", "green", "blue", "small", "large", "cube", "ball", "cone", "dog", "man", "left", "of", "near", "above", "two", "on");

  @Override
  public String name() {
    return "bench-data";
  }

  @Override
  public String summary() {
    return "benchmark the input pipeline: resident memory and waiting time over epochs of a synthetic data set";
  }

  @Override
  public String synopsis() {
    return "--out DIR [--mb N] [--epochs E] [--feature-size D] [--regions R] [--batch B]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required().desc("work directory (must not exist or be empty)").build())
        .addOption(Option.builder().longOpt("mb").hasArg().argName("N").desc("region features to write, in MiB (default 2048)").build())
        .addOption(Option.builder().longOpt("epochs").hasArg().argName("E").desc("epochs of the pairs to train (default 10)").build())
        .addOption(Option.builder().longOpt("feature-size").hasArg().argName("D").desc("region feature size (default 2048)").build())
        .addOption(Option.builder().longOpt("regions").hasArg().argName("R").desc("regions per image (default 36)").build())
        .addOption(Option.builder().longOpt("batch").hasArg().argName("B").desc("batch size (default 32)").build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    Path dir = RunDirs.create(Path.of(line.getOptionValue("out")));
    int mb = orDefault(Args.positiveInt(line, "mb"), 2048);
    int epochs = orDefault(Args.positiveInt(line, "epochs"), 10);
    int featureSize = orDefault(Args.positiveInt(line, "feature-size"), 2048);
    int regions = orDefault(Args.positiveInt(line, "regions"), 36);
    int batch = orDefault(Args.positiveInt(line, "batch"), 32);
    long perImage = (long) regions * (featureSize + 4) * Float.BYTES;
    int images = (int) Math.max(2L * batch, (mb * (1L << 20)) / perImage / 2);

    long start = System.nanoTime();
    Path files = dir.resolve("files");
    Files.createDirectories(files);
    write(files, images, featureSize, regions);
    err.printf(Locale.ROOT, "wrote %d captioned images and %d images without text (%d MiB of features) in %.0f s%n",
        images, images, 2 * images * perImage >> 20, seconds(start));

    start = System.nanoTime();
    DataFilesSpec spec =
        new DataFilesSpec(
            List.of(files.resolve("captions.jsonl").toString()),
            List.of(files.resolve("features.tsv").toString()),
            List.of(files.resolve("images.tsv").toString()),
            List.of(files.resolve("text.txt").toString()),
            List.of(),
            Optional.empty(),
            true);
    Preparer.prepare(new Preparer.Options(spec, null, 1, null, false, Preparer.Options.DEFAULT_SHARD_BYTES), dir.resolve("prepared"), err::println);
    err.printf(Locale.ROOT, "prepared in %.0f s%n", seconds(start));

    int stepsPerEpoch = images / batch;
    ModelSpec model =
        Presets.tiny()
            .image(i -> i.featureSize(featureSize).maxRegions(regions))
            .training(t -> t.batchSize(batch).steps(epochs * stepsPerEpoch))
            .preparedData(dir.resolve("prepared").toString())
            .build();
    try (PreparedSource source = PreparedSource.open(dir.resolve("prepared"));
        TrainingRun run = TrainingRun.prepare(model, source, dir.resolve("run"))) {
      out.println("{\"epoch\": 0, \"rss_mib\": " + ProcessMemory.residentMib() + ", \"heap_max_mib\": " + (Runtime.getRuntime().maxMemory() >> 20) + "}");
      Trainer.Summary summary =
          run.train(
              Trainer.Options.of(false, false),
              m -> {
                if (m.step() % stepsPerEpoch == 0) {
                  Runtime runtime = Runtime.getRuntime();
                  out.printf(
                      Locale.ROOT,
                      "{\"epoch\": %d, \"step\": %d, \"rss_mib\": %d, \"heap_used_mib\": %d}%n",
                      m.step() / stepsPerEpoch,
                      m.step(),
                      ProcessMemory.residentMib(),
                      (runtime.totalMemory() - runtime.freeMemory()) >> 20);
                }
              });
      out.printf(
          Locale.ROOT,
          "{\"steps\": %d, \"step_seconds\": %.1f, \"input_wait_seconds\": %.2f, \"input_wait_fraction\": %.4f, \"peak_rss_mib\": %d}%n",
          summary.lastStep(),
          summary.seconds(),
          summary.inputWaitSeconds(),
          summary.inputWaitFraction(),
          ProcessMemory.peakMib());
    }
    return Main.OK;
  }

  /** Random features for twice {@code images} images, two captions for half of them, and text. */
  private static void write(Path dir, int images, int featureSize, int regions) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    try (RegionFeatureTsv.Writer pairs = RegionFeatureTsv.writer(dir.resolve("features.tsv"));
        RegionFeatureTsv.Writer alone = RegionFeatureTsv.writer(dir.resolve("images.tsv"));
        BufferedWriter captions = Files.newBufferedWriter(dir.resolve("captions.jsonl"), StandardCharsets.UTF_8);
        BufferedWriter text = Files.newBufferedWriter(dir.resolve("text.txt"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < images; i++) {
        pairs.write("p" + i, 640, 480, boxes(random, regions), features(random, regions, featureSize), classes(random, regions));
        alone.write("i" + i, 640, 480, boxes(random, regions), features(random, regions, featureSize), classes(random, regions));
        for (int c = 0; c < 2; c++) {
          captions.write("{\"image_id\": \"p" + i + "\", \"caption\": \"" + sentence(random) + "\"}\n");
        }
        text.write(sentence(random) + "\n");
      }
      pairs.commit();
      alone.commit();
    }
  }

  private static float[][] boxes(SplittableRandom random, int regions) {
    float[][] boxes = new float[regions][];
    for (int r = 0; r < regions; r++) {
      int x = random.nextInt(600);
      int y = random.nextInt(440);
      boxes[r] = new float[] {x, y, x + 1 + random.nextInt(40), y + 1 + random.nextInt(40)};
    }
    return boxes;
  }

  private static float[][] features(SplittableRandom random, int regions, int size) {
    float[][] features = new float[regions][size];
    for (float[] row : features) {
      for (int i = 0; i < size; i++) {
        row[i] = (float) random.nextDouble();
      }
    }
    return features;
  }

  /** Class distributions over the tiny preset's 30 detector classes (its masked region classification). */
  private static float[][] classes(SplittableRandom random, int regions) {
    float[][] probs = new float[regions][30];
    for (float[] row : probs) {
      row[random.nextInt(30)] = 0.7f;
      row[random.nextInt(30)] += 0.3f;
    }
    return probs;
  }

  private static String sentence(SplittableRandom random) {
    StringBuilder s = new StringBuilder();
    int n = 5 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
    }
    return s.toString();
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
