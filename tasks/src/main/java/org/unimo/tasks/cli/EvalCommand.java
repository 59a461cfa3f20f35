package org.unimo.tasks.cli;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.HeadSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.finetune.Generations;
import org.unimo.tasks.finetune.HeadModels;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.finetune.Validation;

/**
 * {@code unimo eval --model DIR --task T --data D}: scores a fine-tuned text head, from its
 * SavedModel, on a task's labelled examples, and prints one JSON object. {@code unimo eval --model
 * DIR [--config C] [--split validation|test]} scores it on a config's task ({@code data.task}; by
 * default the one the model was fine-tuned on, from the spec inside the export), which is how the
 * tasks with images (VQA, SNLI-VE, retrieval) are scored.
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
    return "--model DIR (--task sst2|cola|mnli|stsb|spam --data PATH | [--config FILE]) [--split validation|test] [--head NAME]";
  }

  @Override
  public Options options() {
    return DecodingOptions.addTo(new Options())
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
                .desc("spam and a config's task: validation or test (default: test for spam and KARPATHY, else validation)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("config")
                .hasArg()
                .argName("FILE")
                .desc("a spec whose data.task to score on (default: the model's own, without --task)")
                .build())
        .addOption(Option.builder().longOpt("head").hasArg().argName("NAME").desc("the head to score (default: the model's only one)").build())
        .addOption(
            Option.builder()
                .longOpt("generated")
                .hasArg()
                .argName("FILE")
                .desc("generation heads: also write what was generated (captions: COCO results JSON; text: one line per example)")
                .build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    if (!line.hasOption("model")) {
      throw new UsageException("--model is required (unimo eval --help)");
    }
    if (line.hasOption("task") != line.hasOption("data")) {
      throw new UsageException("--task and --data come together (unimo eval --help)");
    }
    if (line.hasOption("task") && line.hasOption("config")) {
      throw new UsageException("--config names the task's files itself: give --config, or --task and --data");
    }
    String split = line.getOptionValue("split");
    if (split != null && !split.equals("test") && !split.equals("validation")) {
      throw new UsageException("--split: expected test or validation, got '" + split + "'");
    }
    TaskDataSpec.Format format = line.hasOption("task") ? format(line.getOptionValue("task")) : null;
    if (format != null && split != null && format != TaskDataSpec.Format.SPAM_ASSASSIN) {
      throw new UsageException("--split is for spam, whose one directory is split by the model's seed; a GLUE file is scored whole");
    }
    try (Predictor model = Predictor.load(Path.of(line.getOptionValue("model")))) {
      ModelSpec spec = model.spec();
      String head = line.getOptionValue("head");
      TaskSource task;
      List<TaskSource.Example> examples;
      if (format != null) {
        head = head != null ? head : onlyHead(spec);
        task = TaskSource.read(new TaskDataSpec(head, format, List.of(line.getOptionValue("data")), List.of()), spec.seed());
        examples = format != TaskDataSpec.Format.SPAM_ASSASSIN ? task.train() : "validation".equals(split) ? task.validation() : task.test();
      } else {
        ModelSpec source = line.hasOption("config") ? ModelSpec.read(Path.of(line.getOptionValue("config"))) : spec;
        TaskDataSpec data =
            source.data().task().orElseThrow(() -> new UsageException(
                (line.hasOption("config") ? line.getOptionValue("config") : "the model's spec")
                    + " has no data.task to score on; give --task and --data, or --config"));
        task = TaskSource.read(data, source.seed());
        boolean heldOut = data.format() == TaskDataSpec.Format.SPAM_ASSASSIN || data.format() == TaskDataSpec.Format.KARPATHY;
        String chosen = split != null ? split : heldOut ? "test" : "validation";
        split = chosen;
        examples = chosen.equals("test") ? task.test() : task.validation();
        if (examples.isEmpty()) {
          throw new UsageException(
              "task " + task.name() + " has no " + chosen + " examples"
                  + (chosen.equals("test") ? " (only SPAM_ASSASSIN and KARPATHY have a test split)" : " (data.task.validation)"));
        }
      }
      try {
        if (head == null && !(task.format() == TaskDataSpec.Format.KARPATHY && spec.heads().isEmpty())) {
          head = onlyHead(spec);
        }
        // A model without heads scores retrieval with its embeddings: zero-shot, before fine-tuning.
        String named = head;
        HeadSpec headSpec = head == null ? null : spec.heads().stream().filter(h -> h.name().equals(named)).findFirst().orElse(null);
        DecodingSpec decoding = DecodingOptions.of(line, headSpec, spec.text().maxLength());
        Validation.HeadModel scored = HeadModels.exported(model, head, decoding);
        if (line.hasOption("generated") && !scored.generates()) {
          throw new UsageException("--generated is for generation heads (captioning, text_to_text)");
        }
        Validation.Score score;
        JsonObject perQuestionType = null;
        if (scored.generates()) {
          Generations generated = Generations.of(task, examples, scored);
          score = generated.score(0);
          if (line.hasOption("generated")) {
            Generations.write(generated, task.format(), Path.of(line.getOptionValue("generated")));
          }
        } else if (task.format() == TaskDataSpec.Format.VQA_V2) {
          float[][] outputs = Validation.outputs(task, examples, scored);
          score = Validation.score(0, task, examples, outputs);
          perQuestionType = new JsonObject();
          for (var entry : Validation.vqa(task, examples, outputs).perQuestionType().entrySet()) {
            perQuestionType.addProperty(entry.getKey(), round(entry.getValue()));
          }
        } else {
          score = Validation.evaluate(0, task, examples, scored);
        }
        JsonObject json = new JsonObject();
        json.addProperty("task", line.hasOption("task") ? line.getOptionValue("task") : task.name());
        if (head != null) {
          json.addProperty("head", head);
        } else {
          json.addProperty("signatures", "embed_text, embed_image");
        }
        if (split != null) {
          json.addProperty("split", split);
        }
        score.values().forEach((name, value) -> json.addProperty(name, round(value)));
        if (perQuestionType != null) {
          json.add("vqa_per_question_type", perQuestionType);
        }
        json.addProperty("examples", score.examples());
        out.println(json);
      } finally {
        task.close();
      }
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
