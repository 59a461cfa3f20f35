package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import java.util.List;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.Compile;
import org.unimo.tasks.pretrain.LossTrend;
import org.unimo.tasks.pretrain.StepMetrics;
import org.unimo.tasks.pretrain.PretrainingRun;
import org.unimo.tasks.pretrain.RunManifest;
import org.unimo.tasks.pretrain.Trainer;

/** {@code unimo pretrain --config FILE --out DIR}: train a spec, one JSON object per step. */
final class PretrainCommand implements Command {
  /** How many steps the closing loss summary averages at each end. */
  private static final int TREND_WINDOW = 20;

  @Override
  public String name() {
    return "pretrain";
  }

  @Override
  public String summary() {
    return "pre-train a spec on its data; print one JSON metrics object per step";
  }

  @Override
  public String synopsis() {
    return "--config FILE --out DIR [--steps N] [--precision fp32|bf16|fp16] [--deterministic] [--no-progress]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("config").hasArg().argName("FILE").required().desc(".textproto spec").build())
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required().desc("run directory (must not exist)").build())
        .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("override training.steps").build())
        .addOption(
            Option.builder()
                .longOpt("precision")
                .hasArg()
                .argName("P")
                .desc("override compile.precision: fp32, bf16 or fp16 (with dynamic loss scaling)")
                .build())
        .addOption(Args.noProgressOption())
        .addOption(
            Option.builder()
                .longOpt("deterministic")
                .desc("leave measured throughput out of the metrics, so two runs print identical lines")
                .build())
        .addOption(Args.cacheOption());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    ModelSpec spec = ModelSpec.read(Path.of(line.getOptionValue("config")));
    Integer steps = Args.positiveInt(line, "steps");
    if (steps != null) {
      spec = spec.toBuilder().training(t -> t.steps(steps)).build();
    }
    String precision = line.getOptionValue("precision");
    if (precision != null) {
      Compile.Precision chosen = Args.choice(line, "precision", Compile.Precision.class);
      spec = spec.toBuilder().compile(c -> c.precision(chosen)).build();
    }
    Path runDir = RunDirs.create(Path.of(line.getOptionValue("out")));
    DataLoading.Loaded data = DataLoading.load(spec, line.getOptionValue("cache"), err);
    boolean deterministic = line.hasOption("deterministic");
    try (PretrainingRun run = PretrainingRun.prepare(spec, data.world(), runDir)) {
      run.describe(err);
      RunManifest.write(runDir, spec, run.dataFiles(data.file()), deterministic);
      List<StepMetrics> metrics =
          run.train(
              new Trainer.Options(!line.hasOption("no-progress"), deterministic),
              m -> out.println(m.toJson(!deterministic)));
      err.print(LossTrend.of(metrics, TREND_WINDOW).describe());
      StepMetrics lastStep = metrics.get(metrics.size() - 1);
      if (lastStep.lossScale() != null) {
        err.printf(
            "fp16 loss scaling: %d of %d steps skipped for non-finite gradients; final scale %s%n",
            lastStep.skippedSteps(), metrics.size(), lastStep.lossScale());
      }
      Path export = run.export(runDir.resolve("export"));
      err.println("run written to " + runDir + "; SavedModel in " + export);
    }
    return Main.OK;
  }
}
