package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.tasks.eval.Ablation;
import org.unimo.tasks.training.CheckpointPolicy;
import org.unimo.tasks.training.ProgressBars;
import org.unimo.tasks.training.Trainer;

/**
 * {@code unimo ablate}: the CMCL ablation on the embedded shapes world. Trains the five {@link
 * Ablation} variants with one seed and budget, prints a Markdown table and writes it to {@code
 * DIR/ablation.md}.
 */
final class AblateCommand implements Command {
  private static final int DEFAULT_STEPS = 300;

  @Override
  public String name() {
    return "ablate";
  }

  @Override
  public String summary() {
    return "train CMCL without, in-batch, + rewritten negatives, + positives, + retrieval; print R@1 and compositional accuracy";
  }

  @Override
  public String synopsis() {
    return "[--steps N] [--variants N] [--out DIR] [--no-progress]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder().longOpt("steps").hasArg().argName("N").desc("training steps per variant (default " + DEFAULT_STEPS + ")").build())
        .addOption(
            Option.builder()
                .longOpt("variants")
                .hasArg()
                .argName("N")
                .desc("train only the first N variants (default all 5)")
                .build())
        .addOption(
            Option.builder().longOpt("out").hasArg().argName("DIR").desc("directory for the runs and ablation.md (default runs/ablate-TIMESTAMP)").build())
        .addOption(Args.noProgressOption())
        .addOption(Args.cacheOption());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    Signals.install(err);
    Integer given = Args.positiveInt(line, "steps");
    int steps = given == null ? DEFAULT_STEPS : given;
    List<Ablation.Variant> variants = Ablation.variants(steps);
    Integer first = Args.positiveInt(line, "variants");
    if (first != null) {
      if (first > variants.size()) {
        throw new UsageException("--variants: " + first + " exceeds the " + variants.size() + " variants");
      }
      variants = variants.subList(0, first);
    }
    Path dir =
        RunDirs.createOrDefault(line, "ablate");
    // Every variant shares the data: the shapes world depends on the seed and data section only.
    DataLoading.Loaded data = DataLoading.load(variants.get(0).spec(), line.getOptionValue("cache"), err);
    List<Ablation.Row> rows = new ArrayList<>();
    Trainer.Options options =
        new Trainer.Options(
            ProgressBars.wanted(!line.hasOption("no-progress"), false),
            true,
            CheckpointPolicy.DEFAULT,
            Signals::stopRequested);
    for (int i = 0; i < variants.size(); i++) {
      Ablation.Row row = Ablation.run(variants.get(i), data.world(), dir.resolve("variant-" + i), options, err);
      if (row == null) {
        err.println("unimo ablate: stopped during variant " + (i + 1) + " of " + variants.size());
        return Signals.exitStatus();
      }
      rows.add(row);
    }
    String table = Ablation.table(rows, steps, data.world().heldout().size());
    out.print(table);
    Path temp = dir.resolve("ablation.md.tmp");
    Files.writeString(temp, table, StandardCharsets.UTF_8);
    Files.move(temp, dir.resolve("ablation.md"), StandardCopyOption.ATOMIC_MOVE);
    err.println("table written to " + dir.resolve("ablation.md"));
    return Main.OK;
  }
}
