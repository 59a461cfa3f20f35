package org.unimo.tasks.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.paraphrase.ApertiumTranslator;
import org.unimo.rewriting.paraphrase.BackTranslator;
import org.unimo.rewriting.paraphrase.SavedModelTranslator;
import org.unimo.rewriting.paraphrase.Translator;
import org.unimo.rewriting.pipeline.CaptionRewriter;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.tasks.training.ProgressBars;
import org.unimo.tasks.rewrite.CaptionFiles;
import org.unimo.tasks.rewrite.RewriteWriter;

/**
 * {@code unimo rewrite --captions IN --out OUT}: every caption's CMCL sample set, as JSON lines
 * (and a TFRecord file of {@code tf.train.Example}s with {@code --tfrecord}).
 */
final class RewriteCommand implements Command {
  @Override
  public String name() {
    return "rewrite";
  }

  @Override
  public String summary() {
    return "rewrite captions into CMCL positives and hard negatives (JSON lines, TFRecord)";
  }

  @Override
  public String synopsis() {
    return "--captions IN --out OUT.jsonl [--tfrecord OUT.tfrecord] [--images LABELS.jsonl] [--corpus TEXT]"
        + " [--paraphrases N] [--scene-negatives N] [--tfidf N] [--related-images N] [--related-texts N]"
        + " [--backtranslate LANGPAIR | --to-pivot DIR --from-pivot DIR [--pivot LANG]] [--seed S] [--threads N] [--force] [--no-progress]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(arg("captions", "IN", "captions: JSON lines {\"image_id\", \"caption\"} or COCO captions JSON").required().build())
        .addOption(arg("out", "OUT", "JSON-lines output, one record per caption").required().build())
        .addOption(arg("tfrecord", "FILE", "also write tf.train.Example records for training").build())
        .addOption(arg("images", "FILE", "image labels, JSON lines {\"image_id\", \"labels\": [...]}, for related images").build())
        .addOption(arg("corpus", "FILE", "text corpus, one sentence per line, for related texts").build())
        .addOption(arg("paraphrases", "N", "WordNet paraphrases per caption (default 2)").build())
        .addOption(arg("scene-negatives", "N", "object, attribute and relation rewrites per caption, each (default 2)").build())
        .addOption(arg("tfidf", "N", "TF-IDF neighbours of other images per caption (default 3)").build())
        .addOption(arg("related-images", "N", "related images per caption, with --images (default 1)").build())
        .addOption(arg("related-texts", "N", "related corpus sentences per caption, with --corpus (default 1)").build())
        .addOption(arg("backtranslate", "LANGPAIR", "back-translate with apertium: source-pivot, e.g. eng-spa (English via Spanish); ./unimo setup installs it").build())
        .addOption(arg("to-pivot", "DIR", "translation SavedModel English -> pivot (signature \"translate\")").build())
        .addOption(arg("from-pivot", "DIR", "translation SavedModel pivot -> English").build())
        .addOption(arg("pivot", "LANG", "the pivot language, for the samples' sources").build())
        .addOption(arg("seed", "S", "seed of the paraphrases and rewrites (default 1)").build())
        .addOption(arg("threads", "N", "TF-IDF query threads (default: processors)").build())
        .addOption(Option.builder().longOpt("force").desc("overwrite existing outputs").build())
        .addOption(Args.noProgressOption());
  }

  private static Option.Builder arg(String name, String argName, String description) {
    return Option.builder().longOpt(name).hasArg().argName(argName).desc(description);
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    Path jsonl = Path.of(line.getOptionValue("out"));
    Path tfrecord = line.hasOption("tfrecord") ? Path.of(line.getOptionValue("tfrecord")) : null;
    checkTargets(jsonl, tfrecord, line.hasOption("force"));
    String backtranslate = line.getOptionValue("backtranslate");
    if (backtranslate != null && (line.hasOption("to-pivot") || line.hasOption("from-pivot"))) {
      throw new UsageException(
          "--backtranslate (apertium) and --to-pivot/--from-pivot (SavedModels) are alternatives; give one");
    }
    if (backtranslate != null && line.hasOption("pivot")) {
      throw new UsageException("--backtranslate " + backtranslate + " names its pivot; --pivot is for --to-pivot and --from-pivot");
    }
    String @Nullable [] languages = backtranslate == null ? null : Translators.languages(backtranslate);
    if (line.hasOption("to-pivot") != line.hasOption("from-pivot")) {
      throw new UsageException("back-translation needs both --to-pivot and --from-pivot");
    }
    if (line.hasOption("pivot") && !line.hasOption("to-pivot")) {
      throw new UsageException("--pivot names the language of --to-pivot and --from-pivot; give them too");
    }
    List<Caption> captions = CaptionFiles.captions(Path.of(line.getOptionValue("captions")));
    List<LabeledImage> images =
        line.hasOption("images") ? CaptionFiles.labels(Path.of(line.getOptionValue("images"))) : List.of();
    List<String> corpus =
        line.hasOption("corpus") ? CaptionFiles.corpus(Path.of(line.getOptionValue("corpus"))) : List.of();
    CaptionRewriter.Builder rewriter =
        CaptionRewriter.builder()
            .paraphrases(count(line, "paraphrases", 2))
            .sceneNegatives(count(line, "scene-negatives", 2))
            .tfidfNegatives(count(line, "tfidf", 3))
            .relatedImages(images.isEmpty() ? 0 : count(line, "related-images", 1))
            .relatedTexts(corpus.isEmpty() ? 0 : count(line, "related-texts", 1))
            .seed(seed(line));
    Integer threads = Args.positiveInt(line, "threads");
    if (threads != null) {
      rewriter.threads(threads);
    }

    long start = System.nanoTime();
    long written;
    Map<SampleKind, Long> counts;
    try (Translators translators = languages != null ? Translators.apertium(languages[0], languages[1]) : savedModels(line);
        RewriteWriter writer = new RewriteWriter(jsonl, tfrecord)) {
      if (translators != null) {
        rewriter.backTranslator(translators.backTranslator());
      }
      // Closed by hand, once, so that the bar is finished before the closing line.
      ProgressBar bar = ProgressBars.wanted(!line.hasOption("no-progress"), false) ? ProgressBars.console("rewrite", captions.size()) : null;
      try {
        if (bar != null) {
          rewriter.progress(bar::stepTo);
        }
        rewriter.build().rewrite(captions, images, corpus, writer::write);
        writer.commit();
      } finally {
        if (bar != null) {
          bar.close();
        }
      }
      written = writer.written();
      counts = writer.counts();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    err.printf(
        Locale.ROOT,
        "rewrote %d captions in %.1f s (%.0f captions/s): %s; wrote %s%s%n",
        written,
        seconds,
        written / seconds,
        describe(counts),
        jsonl,
        tfrecord == null ? "" : " and " + tfrecord);
    return Main.OK;
  }

  /** Refuses existing outputs without {@code --force}, one file for both, and missing directories. */
  private static void checkTargets(Path jsonl, @Nullable Path tfrecord, boolean force) throws UsageException {
    List<Path> targets = tfrecord == null ? List.of(jsonl) : List.of(jsonl, tfrecord);
    if (tfrecord != null && jsonl.toAbsolutePath().normalize().equals(tfrecord.toAbsolutePath().normalize())) {
      throw new UsageException("--out and --tfrecord are both " + jsonl);
    }
    for (Path target : targets) {
      if (Files.isDirectory(target)) {
        throw new UsageException(target + " is a directory; give a file name");
      }
      if (Files.exists(target) && !force) {
        throw new UsageException(target + " exists; pass --force to overwrite it");
      }
      Path parent = target.toAbsolutePath().getParent();
      if (!Files.isDirectory(parent)) {
        throw new UsageException(target + ": directory " + parent + " does not exist");
      }
    }
  }

  /** The translators of back-translation, closed together; the pivot's name if known. */
  /** The SavedModels of {@code --to-pivot} and {@code --from-pivot}, or null without them. */
  private static @Nullable Translators savedModels(CommandLine line) throws UsageException {
    SavedModelTranslator toPivot = translator(line, "to-pivot");
    if (toPivot == null) {
      return null;
    }
    try {
      return new Translators(line.getOptionValue("pivot"), toPivot, requireNonNull(translator(line, "from-pivot")));
    } catch (UsageException | RuntimeException e) {
      toPivot.close();
      throw e;
    }
  }

  /** The translation model of {@code --option DIR}, or null without the option. */
  private static @Nullable SavedModelTranslator translator(CommandLine line, String option) throws UsageException {
    String dir = line.getOptionValue(option);
    if (dir == null) {
      return null;
    }
    try {
      return SavedModelTranslator.load(Path.of(dir));
    } catch (NoSuchFileException e) {
      throw new UsageException("--" + option + ": " + e.getFile() + ": " + e.getReason(), e);
    } catch (IOException e) {
      throw new UsageException("--" + option + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Map<SampleKind, Long> counts) {
    StringBuilder out = new StringBuilder();
    for (SampleKind kind : SampleKind.values()) {
      long n = counts.getOrDefault(kind, 0L);
      if (n > 0) {
        out.append(out.length() == 0 ? "" : ", ").append(n).append(' ').append(kind.label());
      }
    }
    return out.length() == 0 ? "no samples" : out + " samples";
  }

  private static int count(CommandLine line, String option, int fallback) throws UsageException {
    String value = line.getOptionValue(option);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < 0) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + option + ": '" + value + "' is not a count (0 or more)");
    }
  }

  private static long seed(CommandLine line) throws UsageException {
    String value = line.getOptionValue("seed", "1");
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new UsageException("--seed: '" + value + "' is not an integer");
    }
  }
}
