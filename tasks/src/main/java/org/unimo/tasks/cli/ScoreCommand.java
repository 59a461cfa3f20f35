package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.tasks.metrics.Metric;
import org.unimo.tasks.metrics.Score;

/**
 * {@code unimo score --metric NAME --predictions P --references R [--questions Q] [--label-column
 * C] [--stem]}: scores a prediction file against references as the official scorer of each
 * benchmark does (see {@code docs/metrics.md}) and prints one JSON object on standard output.
 */
final class ScoreCommand implements Command {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public String summary() {
    return "score predictions as the official scorers do (accuracy, mcc, pearson, spearman, vqa, recall, bleu4, cider, rougeL, rouge1, rouge2, rougeLsum, coqa_f1)";
  }

  @Override
  public String synopsis() {
    return "--metric NAME --predictions FILE --references FILE [--questions FILE] [--label-column NAME] [--stem]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("metric")
                .hasArg()
                .argName("NAME")
                .desc(
                    "accuracy, mcc, pearson, spearman (GLUE TSV), vqa (VQA v2 JSON), recall (JSON lines), bleu4, cider, rougeL (COCO captions JSON),"
                        + " rouge1, rouge2, rougeLsum (rouge-score; one text per line, \\n in a line a sentence break), coqa_f1 (one answer per line; gold answers"
                        + " TAB-separated)")
                .required()
                .build())
        .addOption(Option.builder().longOpt("predictions").hasArg().argName("FILE").desc("the predictions: one per line, or the results JSON / JSON lines").required().build())
        .addOption(
            Option.builder()
                .longOpt("references")
                .hasArg()
                .argName("FILE")
                .desc("the references: GLUE TSV with a header, annotations JSON, JSON lines, or one per line (line i for prediction i)")
                .required()
                .build())
        .addOption(Option.builder().longOpt("questions").hasArg().argName("FILE").desc("vqa: the questions JSON, for question and answer types the annotations lack").build())
        .addOption(
            Option.builder()
                .longOpt("label-column")
                .hasArg()
                .argName("NAME")
                .desc("the TSV column of the labels (default label; score for pearson and spearman)")
                .build())
        .addOption(Option.builder().longOpt("stem").desc("rouge1, rouge2, rougeLsum: Porter-stem words longer than 3 letters (rouge-score's use_stemmer)").build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    Metric metric;
    try {
      metric = Metric.named(line.getOptionValue("metric"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--metric: " + e.getMessage());
    }
    if (line.hasOption("questions") && metric != Metric.VQA) {
      throw new UsageException("--questions is for --metric vqa only");
    }
    if (line.hasOption("label-column") && !java.util.EnumSet.of(Metric.ACCURACY, Metric.MCC, Metric.PEARSON, Metric.SPEARMAN).contains(metric)) {
      throw new UsageException("--label-column is for the GLUE TSV metrics (accuracy, mcc, pearson, spearman) only");
    }
    if (line.hasOption("stem") && !metric.isRouge()) {
      throw new UsageException("--stem is for --metric rouge1, rouge2 and rougeLsum only");
    }
    Score score =
        metric.score(
            new Metric.Files(
                Path.of(line.getOptionValue("predictions")),
                Path.of(line.getOptionValue("references")),
                line.hasOption("questions") ? Path.of(line.getOptionValue("questions")) : null,
                line.getOptionValue("label-column"),
                line.hasOption("stem")));
    out.println(score.toJson());
    return Main.OK;
  }
}
