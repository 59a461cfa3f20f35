package org.unimo.tasks.cli;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.finetune.Validation;

/**
 * {@code unimo eval --model DIR --task T --data D}: scores a fine-tuned classification head, from
 * its SavedModel, on a task's labelled examples, and prints one JSON object.
 */
final class EvalCommand implements Command {
  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String summary() {
    return "score a fine-tuned head's SavedModel on a task's labelled examples; one JSON object";
  }

  @Override
  public String synopsis() {
    return "--model DIR --task sst2|cola|mnli|stsb|spam --data PATH [--split validation|test] [--head NAME]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("model").hasArg().argName("DIR").desc("a SavedModel of unimo finetune (RUN/best or RUN/export)").build())
        .addOption(
            Option.builder()
                .longOpt("task")
                .hasArg()
                .argName("T")
                .desc("the data's format: sst2, cola, mnli, stsb (GLUE TSV) or spam (the Spam Assassin corpus)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("data")
                .hasArg()
                .argName("PATH")
                .desc("GLUE: a TSV file or glob with labels; spam: the installed directory (.unimo/datasets/spam-assassin)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("split")
                .hasArg()
                .argName("S")
                .desc("spam: which part of the model's seeded split, test (default) or validation")
                .build())
        .addOption(Option.builder().longOpt("head").hasArg().argName("NAME").desc("the head to score (default: the model's only one)").build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    for (String required : List.of("model", "task", "data")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo eval --help)");
      }
    }
    TaskDataSpec.Format format = format(line.getOptionValue("task"));
    String split = line.getOptionValue("split", "test");
    if (!split.equals("test") && !split.equals("validation")) {
      throw new UsageException("--split: expected test or validation, got '" + split + "'");
    }
    if (line.hasOption("split") && format != TaskDataSpec.Format.SPAM_ASSASSIN) {
      throw new UsageException("--split is for spam, whose one directory is split by the model's seed; a GLUE file is scored whole");
    }
    try (Predictor model = Predictor.load(Path.of(line.getOptionValue("model")))) {
      ModelSpec spec = model.spec();
      String head = line.hasOption("head") ? line.getOptionValue("head") : onlyHead(spec);
      TaskSource task =
          TaskSource.read(new TaskDataSpec(head, format, List.of(line.getOptionValue("data")), List.of()), spec.seed());
      List<TaskSource.Example> examples =
          format != TaskDataSpec.Format.SPAM_ASSASSIN ? task.train() : split.equals("test") ? task.test() : task.validation();
      Validation.Score score =
          Validation.evaluate(
              0,
              examples,
              format.regression(),
              (texts, seconds) -> format.regression() ? model.regress(head, texts, seconds) : model.classify(head, texts, seconds));
      JsonObject json = new JsonObject();
      json.addProperty("task", line.getOptionValue("task"));
      json.addProperty("head", head);
      if (format == TaskDataSpec.Format.SPAM_ASSASSIN) {
        json.addProperty("split", split);
      }
      score.values().forEach((name, value) -> json.addProperty(name, round(value)));
      json.addProperty("examples", score.examples());
      out.println(json);
    }
    return Main.OK;
  }

  static TaskDataSpec.Format format(String task) throws UsageException {
    return switch (task.toLowerCase(Locale.ROOT)) {
      case "sst2" -> TaskDataSpec.Format.GLUE_SST2;
      case "cola" -> TaskDataSpec.Format.GLUE_COLA;
      case "mnli" -> TaskDataSpec.Format.GLUE_MNLI;
      case "stsb" -> TaskDataSpec.Format.GLUE_STSB;
      case "spam" -> TaskDataSpec.Format.SPAM_ASSASSIN;
      default -> throw new UsageException("--task: expected sst2, cola, mnli, stsb or spam, got '" + task + "'");
    };
  }

  /** The spec's one classification head. */
  static String onlyHead(ModelSpec spec) throws UsageException {
    if (spec.heads().size() != 1) {
      throw new UsageException(
          "the model has " + spec.heads().size() + " heads; name one with --head ("
              + String.join(", ", spec.heads().stream().map(h -> h.name()).toList()) + ")");
    }
    return spec.heads().get(0).name();
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
