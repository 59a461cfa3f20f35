package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.dsl.CmclSpec;
import org.unimo.dsl.DataFilesSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.prepared.PreparedManifest;
import org.unimo.tasks.prepared.Preparer;

/**
 * {@code unimo prepare --pairs CAPTIONS --features FEATURES.tsv [--images ...] [--text ...] --out
 * DIR}: converts data in the standard formats into sharded TFRecords with the CMCL sample sets
 * attached, which {@code unimo pretrain --data DIR} trains on.
 */
final class PrepareCommand implements Command {
  @Override
  public String name() {
    return "prepare";
  }

  @Override
  public String summary() {
    return "convert captions, region features and text corpora into sharded TFRecords for training";
  }

  @Override
  public String synopsis() {
    return "[--config FILE] [--pairs CAPTIONS ...] [--features FEATURES ...] [--images FEATURES ...] [--text CORPUS ...]"
        + " [--heldout CAPTIONS ...] [--classes FILE] [--no-caption-text] [--backtranslate eng-spa] [--skip-bad-rows] [--shard-mb N] --out DIR";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            repeatable("pairs", "CAPTIONS", "captions to train on: COCO captions JSON, Karpathy-split JSON (train, restval) or JSON lines; a path or glob"))
        .addOption(repeatable("features", "FEATURES", "region features of the captioned images: bottom-up-attention TSV (.tsv, .tsv.gz) or TFRecords"))
        .addOption(repeatable("images", "FEATURES", "region features of images without text"))
        .addOption(repeatable("text", "CORPUS", "text corpus: one sentence or document per line, or JSON lines with \"text\"; .gz read"))
        .addOption(repeatable("heldout", "CAPTIONS", "captions kept out of training for retrieval evaluation (Karpathy: its test split)"))
        .addOption(Option.builder().longOpt("classes").hasArg().argName("FILE").desc("detector class names, one per line (for related images)").build())
        .addOption(Option.builder().longOpt("no-caption-text").desc("leave the captions out of the text corpus").build())
        .addOption(
            Option.builder()
                .longOpt("config")
                .hasArg()
                .argName("FILE")
                .desc("the spec that will train: its objectives.cmcl.samples decide the sample sets, its seed the rewriting;"
                    + " its data.files section is the input when no input option is given")
                .build())
        .addOption(
            Option.builder()
                .longOpt("backtranslate")
                .hasArg()
                .argName("LANGPAIR")
                .desc("back-translate captions with apertium, SOURCE-PIVOT such as eng-spa, for the config's backtranslations")
                .build())
        .addOption(Option.builder().longOpt("skip-bad-rows").desc("count and skip malformed rows (reported) instead of stopping at the first").build())
        .addOption(Option.builder().longOpt("shard-mb").hasArg().argName("N").desc("about N MiB per shard (default 256)").build())
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("the prepared directory (must not exist or be empty)").required().build());
  }

  private static Option repeatable(String name, String argName, String description) {
    return Option.builder().longOpt(name).hasArg().argName(argName).desc(description + " (repeatable)").build();
  }

  private static final List<String> INPUTS = List.of("pairs", "features", "images", "text", "heldout", "classes", "no-caption-text");

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    ModelSpec spec = line.hasOption("config") ? ModelSpec.read(Path.of(line.getOptionValue("config"))) : null;
    boolean inputs = INPUTS.stream().anyMatch(line::hasOption);
    DataFilesSpec files;
    if (inputs) {
      files =
          new DataFilesSpec(
              values(line, "pairs"),
              values(line, "features"),
              values(line, "images"),
              values(line, "text"),
              values(line, "heldout"),
              Optional.ofNullable(line.getOptionValue("classes")),
              !line.hasOption("no-caption-text"));
    } else if (spec != null && spec.data().files().isPresent()) {
      files = spec.data().files().get();
    } else {
      throw new UsageException("give the data: --pairs with --features, --images or --text (or a --config whose data.files names them)");
    }
    if (files.pairs().isEmpty() && files.images().isEmpty() && files.text().isEmpty()) {
      throw new UsageException("nothing to prepare: give --pairs (with --features), --images or --text");
    }
    if ((!files.pairs().isEmpty() || !files.heldout().isEmpty()) && files.features().isEmpty()) {
      throw new UsageException("captions need their images' region features: add --features FEATURES");
    }
    CmclSamplesSpec samples = spec == null ? null : spec.objectives().cmcl().map(CmclSpec::samples).orElse(null);
    boolean backtranslations = samples != null && samples.backtranslations() > 0;
    if (backtranslations && !line.hasOption("backtranslate")) {
      throw new UsageException(
          "objectives.cmcl.samples.backtranslations: " + samples.backtranslations()
              + " needs a translator: add --backtranslate eng-spa (apertium; ./unimo setup installs it)");
    }
    if (line.hasOption("backtranslate") && !backtranslations) {
      throw new UsageException("--backtranslate: the --config declares no objectives.cmcl.samples.backtranslations to make");
    }
    Integer shardMb = Args.positiveInt(line, "shard-mb");
    long start = System.nanoTime();
    Preparer.Result result;
    try (Translators translators = backtranslations ? Translators.apertium(line.getOptionValue("backtranslate")) : null) {
      Preparer.Options options =
          new Preparer.Options(
              files,
              samples,
              spec == null ? 1 : spec.seed(),
              translators == null ? null : translators.backTranslator(),
              line.hasOption("skip-bad-rows"),
              shardMb == null ? Preparer.Options.DEFAULT_SHARD_BYTES : shardMb * (1L << 20));
      result = Preparer.prepare(options, Path.of(line.getOptionValue("out")), err::println);
    }
    err.print(result.report());
    PreparedManifest manifest = result.manifest();
    err.printf(
        Locale.ROOT,
        "prepared %s in %.1f s: %d pairs, %d images without text, %d texts, %d held-out pairs%s%n",
        result.dir(),
        (System.nanoTime() - start) / 1e9,
        manifest.stream(PreparedManifest.PAIRS).records(),
        manifest.stream(PreparedManifest.IMAGES).records(),
        manifest.stream(PreparedManifest.TEXT).records(),
        manifest.stream(PreparedManifest.HELDOUT).records(),
        manifest.featureSize() > 0 ? String.format(Locale.ROOT, "; %d-d region features, %d detector classes", manifest.featureSize(), manifest.detectorClasses()) : "");
    return Main.OK;
  }

  private static List<String> values(CommandLine line, String option) {
    String[] values = line.getOptionValues(option);
    return values == null ? List.of() : List.of(values);
  }
}
