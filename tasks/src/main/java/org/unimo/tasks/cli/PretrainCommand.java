package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.pretrain.PretrainingRun;
import org.unimo.tasks.pretrain.RunManifest;
import org.unimo.tasks.pretrain.Trainer;

/** {@code unimo pretrain --config FILE --out DIR}: train a spec, one JSON object per step. */
final class PretrainCommand implements Command {
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
    return "--config FILE --out DIR [--steps N] [--deterministic] [--no-progress]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("config").hasArg().argName("FILE").required().desc(".textproto spec").build())
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").required().desc("run directory (must not exist)").build())
        .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("override training.steps").build())
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
    Path runDir = RunDirs.create(Path.of(line.getOptionValue("out")));
    DataLoading.Loaded data = DataLoading.load(spec, line.getOptionValue("cache"), err);
    boolean deterministic = line.hasOption("deterministic");
    try (PretrainingRun run = PretrainingRun.prepare(spec, data.world(), runDir)) {
      run.describe(err);
      RunManifest.write(runDir, spec, run.dataFiles(data.file()), deterministic);
      run.train(
          new Trainer.Options(!line.hasOption("no-progress"), deterministic),
          m -> out.println(m.toJson(!deterministic)));
      Path export = run.export(runDir.resolve("export"));
      err.println("run written to " + runDir + "; SavedModel in " + export);
    }
    return Main.OK;
  }
}
