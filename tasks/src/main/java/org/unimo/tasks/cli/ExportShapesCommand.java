package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.formats.ShapesWorldExport;

/**
 * {@code unimo export-shapes --config FILE --out DIR}: the shapes world a spec declares, written
 * in the standard formats (COCO captions, bottom-up TSV, plain text), with its downstream tasks in
 * theirs (VQA v2, SNLI-VE, the Karpathy split, and scene-to-caption source/target line files for
 * generation heads); see {@link ShapesWorldExport}. Prints the path of every file written, one per
 * line.
 */
final class ExportShapesCommand implements Command {
  @Override
  public String name() {
    return "export-shapes";
  }

  @Override
  public String summary() {
    return "write the spec's shapes world as COCO captions, bottom-up TSV features, plain text, VQA v2, SNLI-VE, a Karpathy split"
        + " and scene-to-caption line files";
  }

  @Override
  public String synopsis() {
    return "--config FILE --out DIR [--cache DIR]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("config")
                .hasArg()
                .argName("FILE")
                .required()
                .desc(".textproto spec whose data { shapes_world {} } and seed to export")
                .build())
        .addOption(
            Option.builder()
                .longOpt("out")
                .hasArg()
                .argName("DIR")
                .required()
                .desc("directory to write (must not exist or be empty)")
                .build())
        .addOption(Args.cacheOption());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    if (!line.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument " + line.getArgList().get(0) + " (unimo export-shapes --help)");
    }
    ModelSpec spec = ModelSpec.read(Path.of(line.getOptionValue("config")));
    Path dir = Path.of(line.getOptionValue("out"));
    RunDirs.checkNew(dir); // before spending seconds on the data
    // Only the data matters here, so unlike pretrain the model need not fit the shapes world.
    DataLoading.Loaded data = DataLoading.load(ShapesWorldConfig.of(spec), line.getOptionValue("cache"), err);
    ShapesWorldExport.Summary summary = ShapesWorldExport.write(data.world(), dir);
    err.println(summary.describe());
    for (String file : ShapesWorldExport.FILES) {
      out.println(dir.resolve(file));
    }
    return Main.OK;
  }
}
