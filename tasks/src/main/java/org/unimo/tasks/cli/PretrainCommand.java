package org.unimo.tasks.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TokenizerKind;
import org.unimo.graph.CompileOptions;
import org.unimo.savedmodels.TokenizerFiles;
import org.unimo.tasks.eval.Recall;
import org.unimo.tasks.eval.RetrievalEvaluator;
import org.unimo.tasks.imports.StartingPoint;
import org.unimo.tasks.training.InitialWeights;
import org.unimo.dsl.Problem;
import org.unimo.dsl.Precision;
import org.unimo.graph.SessionConfigs;
import org.unimo.tasks.training.AtomicFiles;
import org.unimo.tasks.training.CheckpointPolicy;
import org.unimo.tasks.training.TrainingRun;
import org.unimo.tasks.training.ProcessMemory;
import org.unimo.tasks.training.ProgressBars;
import org.unimo.tasks.training.RunManifest;
import org.unimo.tasks.training.RunStatus;
import org.unimo.tasks.training.StepMetrics;
import org.unimo.tasks.training.Trainer;

/**
 * {@code unimo pretrain --config FILE --out DIR}: train a spec, one JSON object per step on
 * standard output; {@code unimo pretrain --resume DIR}: continue an interrupted run.
 *
 * <p>Ctrl-C and SIGTERM stop at the next step boundary after writing a checkpoint (exit 130 and
 * 143); {@code status.json} says whether the run finished.
 */
final class PretrainCommand implements Command {
  /** The options a resumed run may take: everything else is fixed by the run directory. */
  private static final List<String> RESUME_OPTIONS =
      List.of(
          "resume", "steps", "no-progress", "cache", "eval-every", "patience",
          "cluster", "task", "local-tasks", "collective-timeout", "startup-timeout", "local-candidates");

  /**
   * Fine-tuning ({@code unimo finetune}) rather than pre-training: a new run starts from {@code
   * --init}, trains a head on the spec's {@code data.task}, scores it on the task's validation set
   * every {@code --eval-every} steps and at the end, keeps the best-scoring weights as a SavedModel
   * in {@code best/}, and stops early after {@code --patience} evaluations without improvement.
   */
  private final boolean finetune;

  /**
   * One task of a data-parallel pre-training run ({@code unimo worker}) rather than a whole run:
   * the same options plus the cluster; task 0's directory holds the run (metrics, checkpoints,
   * export), the others' only their spec and tokenizer.
   */
  private final boolean worker;

  PretrainCommand() {
    this(false, false);
  }

  private PretrainCommand(boolean finetune, boolean worker) {
    this.finetune = finetune;
    this.worker = worker;
  }

  /** {@code unimo finetune}. */
  static PretrainCommand finetune() {
    return new PretrainCommand(true, false);
  }

  /** {@code unimo worker}. */
  static PretrainCommand worker() {
    return new PretrainCommand(false, true);
  }

  @Override
  public String name() {
    return finetune ? "finetune" : worker ? "worker" : "pretrain";
  }

  @Override
  public String summary() {
    if (worker) {
      return "one task of a data-parallel pre-training run across processes or machines (task 0 writes the run)";
    }
    return finetune
        ? "fine-tune a head on a task from --init, keeping the best validation score's weights (or --resume a run)"
        : "pre-train a spec on its data (or --resume a run); print one JSON metrics object per step";
  }

  @Override
  public String synopsis() {
    if (worker) {
      return "--cluster HOST:PORT,... --task K (--config FILE --out DIR | --resume DIR) [--steps N] [--deterministic]"
          + " [--collective-timeout S] [--startup-timeout S] [--local-candidates] [pretrain's other options]";
    }
    if (finetune) {
      return "--config FILE --init IMPORT_OR_RUN --out DIR [--eval-every N] [--patience P] [--set PATH=VALUE ...] [--steps N]"
          + " [--checkpoint-every N|DURATION] [--keep-checkpoints K] [--deterministic] [--no-progress]"
          + "  |  --resume DIR [--steps N]";
    }
    return "--config FILE --out DIR [--data PREPARED_DIR] [--init IMPORT_OR_RUN | --tokenizer DIR] [--set PATH=VALUE ...] [--eval-every N] [--steps N] [--precision fp32|bf16|fp16]"
        + " [--checkpoint-every N|DURATION] [--keep-checkpoints K] [--deterministic] [--no-progress] [--local-tasks N]"
        + "  |  --resume DIR [--steps N] [--local-tasks N]";
  }

  @Override
  public Options options() {
    Options options = common();
    if (worker) {
      return WorkerTask.addOptions(options, true);
    }
    if (!finetune) {
      WorkerTask.addOptions(options, false)
          .addOption(
              Option.builder()
                  .longOpt("local-tasks")
                  .hasArg()
                  .argName("N")
                  .desc("run as N data-parallel tasks on this machine (unimo worker processes on free loopback ports);"
                      + " DIR holds the run, DIR/tasks/K the other tasks' specs")
                  .build());
    }
    return options;
  }

  private Options common() {
    return new Options()
        .addOption(Option.builder().longOpt("config").hasArg().argName("FILE").desc(".textproto spec").build())
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("run directory (must not exist or be empty)").build())
        .addOption(
            Option.builder()
                .longOpt("init")
                .hasArg()
                .argName("DIR")
                .desc("start from the weights and tokenizer of an import directory (unimo import), a run directory"
                    + " (its export/) or a SavedModel of unimo (RUN/best); the config's text input and encoder must"
                    + " match it, the other variables (heads) start fresh")
                .build())
        .addOption(
            Option.builder()
                .longOpt("resume")
                .hasArg()
                .argName("DIR")
                .desc("continue the run in DIR from its latest checkpoint (only --steps may change)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("set")
                .hasArg()
                .argName("PATH=VALUE")
                .desc("override one field of the spec, e.g. training.batch_size=16 (repeatable; validated like the file)")
                .build())
        .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("override training.steps (with --resume: extend the run)").build())
        .addOption(
            Option.builder()
                .longOpt("precision")
                .hasArg()
                .argName("P")
                .desc("override compile.precision: fp32, bf16 or fp16 (with dynamic loss scaling)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("checkpoint-every")
                .hasArg()
                .argName("N|DURATION")
                .desc("checkpoint every N steps or every DURATION (90s, 10m, 2h; default "
                    + CheckpointPolicy.DEFAULT.cadence() + "), and always at the end and on Ctrl-C")
                .build())
        .addOption(
            Option.builder()
                .longOpt("keep-checkpoints")
                .hasArg()
                .argName("K")
                .desc("keep the newest K checkpoints (default " + CheckpointPolicy.DEFAULT.keep() + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("tokenizer")
                .hasArg()
                .argName("DIR")
                .desc("take the tokenizer's files from DIR (an import or run directory) instead of building them:"
                    + " a WORDPIECE spec trained from scratch")
                .build())
        .addOption(
            Option.builder()
                .longOpt("eval-every")
                .hasArg()
                .argName("N")
                .desc(finetune
                    ? "every N steps (and after the last) score the head on the task's validation set, a JSON line {\"step\", \"validation\": ...}"
                    : "every N steps (and before the first) print held-out retrieval R@1 as a JSON line {\"step\", \"eval\": ...}")
                .build())
        .addOption(
            Option.builder()
                .longOpt("patience")
                .hasArg()
                .argName("P")
                .desc("finetune: stop after P validation scores in a row without a better one (default: never)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("data")
                .hasArg()
                .argName("DIR")
                .desc("train on a directory written by unimo prepare, whatever the config's data section says")
                .build())
        .addOption(Args.noProgressOption())
        .addOption(
            Option.builder()
                .longOpt("deterministic")
                .desc("leave measured throughput out of the metrics, so two runs print identical lines")
                .build())
        .addOption(Args.cacheOption());
  }

  /** How the run was started: what --resume takes over. */
  private record Start(
      ModelSpec spec,
      Path runDir,
      boolean deterministic,
      CheckpointPolicy checkpoints,
      boolean resumed,
      @Nullable StartingPoint init,
      @Nullable Path data) {}

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    Signals.install(err);
    if (!worker && line.hasOption("local-tasks")) {
      return LocalRun.run(line, args, out, err);
    }
    WorkerTask task;
    try {
      task = worker ? WorkerTask.start(line, err) : null;
    } catch (WorkerTask.Lost lost) {
      err.println("unimo " + name() + ": " + lost.getMessage());
      return Main.FAILED;
    }
    try {
      return run(line, task, out, err);
    } catch (WorkerTask.Lost lost) {
      err.println("unimo " + name() + ": " + lost.getMessage());
      return Main.FAILED;
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      if (task == null) {
        throw e;
      }
      err.println("unimo " + name() + ": " + task.explain(e));
      return Main.FAILED;
    }
  }

  /** The run, as one process or as {@code task} of a data-parallel run. */
  private int run(CommandLine line, @Nullable WorkerTask task, PrintStream out, PrintStream err) throws Exception {
    boolean leader = task == null || task.leader();
    Start start = line.hasOption("resume") ? resume(line) : start(line, task);
    Path runDir = start.runDir();
    ModelSpec spec = start.spec();
    for (Problem warning : spec.warnings()) {
      err.println("unimo " + name() + ": warning: " + warning);
    }
    boolean training = false;
    try {
      InitialWeights init = start.init() == null ? null : initialWeights(start.init());
      try (DataLoading.Source data = DataLoading.source(spec, line.getOptionValue("cache"), start.data(), err);
          TrainingRun run = prepare(spec, data, runDir, init, task)) {
        run.describe(err);
        err.println("XLA: " + SessionConfigs.xla(spec.compile()));
        if (start.resumed() && Files.exists(runDir.resolve(RunManifest.FILE))) {
          RunManifest.checkData(runDir, run.dataFiles(data.file()));
        } else {
          Map<String, String> more = new LinkedHashMap<>();
          if (start.init() != null) {
            more.put(INIT_DIR, start.init().dir().toAbsolutePath().toString());
            more.put("init_source", start.init().source());
            more.put(INIT_SHA256, start.init().weightsSha256());
          }
          if (start.data() != null) {
            more.put(DATA_DIR, start.data().toAbsolutePath().toString());
          }
          RunManifest.write(runDir, spec, run.dataFiles(data.file()), start.deterministic(), start.checkpoints(), more);
        }
        Signals.checkpoint();
        Integer evalEvery = Args.positiveInt(line, "eval-every");
        FineTuning tuning = finetune ? FineTuning.of(spec, data.source(), line, runDir, run) : null;
        RetrievalEvaluator evaluator =
            evalEvery == null || finetune || !leader ? null : RetrievalEvaluator.of(spec, run.tokenizer(), data.source().heldout());
        if (evaluator != null && !start.resumed()) {
          out.println(evaluation(0, evaluator.evaluate(run.embedder())));
        }
        training = true;
        if (task != null) {
          task.watch(err, name());
        }
        Trainer.Summary summary =
            run.train(
                new Trainer.Options(
                    ProgressBars.wanted(!line.hasOption("no-progress"), true),
                    start.deterministic(),
                    start.checkpoints(),
                    () -> Signals.stopRequested() || (tuning != null && tuning.exhausted())),
                m -> {
                  if (!leader) {
                    return;
                  }
                  out.println(m.toJson(!start.deterministic()));
                  if (evaluator != null && m.step() % evalEvery == 0) {
                    out.println(evaluation(m.step(), evaluator.evaluate(run.embedder())));
                  }
                  if (tuning != null && (evalEvery != null && m.step() % evalEvery == 0 || m.step() == spec.training().steps())) {
                    tuning.score(m.step(), out);
                  }
                });
        if (task != null) {
          task.finish();
        }
        if (!summary.status().finished() && !Signals.stopRequested() && !summary.stoppedBy().isEmpty()) {
          // Another task was interrupted: every task stopped at the same step, resumable.
          err.println("unimo " + name() + ": task" + (summary.stoppedBy().size() > 1 ? "s " : " ")
              + summary.stoppedBy().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
              + " asked to stop; every task stopped after step " + summary.lastStep()
              + (leader ? ", checkpoint written" : "") + "; continue every task with --resume");
          return Main.FAILED;
        }
        if (!leader) {
          err.println("task " + task.cluster().task() + " trained steps " + (summary.resumedFrom() + 1) + " to " + summary.lastStep()
              + "; task 0's directory holds the run");
          return summary.status().finished() ? Main.OK : Signals.exitStatus();
        }
        boolean earlyStopped = tuning != null && tuning.exhausted() && !Signals.stopRequested();
        if (!summary.status().finished() && !earlyStopped) {
          return stopped(err, runDir, summary.lastStep());
        }
        if (earlyStopped) {
          new RunStatus(RunStatus.State.FINISHED, summary.lastStep(), spec.training().steps(), start.deterministic(), start.checkpoints())
              .write(runDir);
          err.println("early stopping after step " + summary.lastStep() + ": " + tuning.patience() + " validation scores without a better one");
        }
        err.print(summary.trend().describe());
        err.printf(
            java.util.Locale.ROOT,
            "input pipeline: the loop waited %.2f s for examples in %.1f s of steps (%.1f%%); peak resident memory %,d MiB%n",
            summary.inputWaitSeconds(),
            summary.seconds(),
            100 * summary.inputWaitFraction(),
            ProcessMemory.peakMib());
        StepMetrics last = summary.last();
        if (last != null && last.lossScale() != null) {
          err.printf(
              "fp16 loss scaling: %d of %d steps skipped for non-finite gradients; final scale %s%n",
              last.skippedSteps(), last.step(), last.lossScale());
        }
        Path export = runDir.resolve("export");
        if (start.resumed()) {
          deleteExport(export);
        }
        run.export(export);
        err.println("run written to " + runDir + "; SavedModel in " + export);
        if (tuning != null) {
          err.println(tuning.describeBest());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // Data or a model that does not fit it: a new run that never trained leaves no directory.
      if (!start.resumed() && !training) {
        MoreFiles.deleteRecursively(runDir, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      throw e;
    } catch (Signals.Stopped stopped) {
      long step = RunStatus.read(runDir).map(RunStatus::step).orElse(0L);
      new RunStatus(RunStatus.State.INTERRUPTED, step, spec.training().steps(), start.deterministic(), start.checkpoints())
          .write(runDir);
      return stopped(err, runDir, step);
    }
    return Main.OK;
  }

  /** What a stopped run says, naming the command that resumes it (finetune keeps its validation). */
  private int stopped(PrintStream err, Path runDir, long step) {
    err.println(
        "unimo " + name() + ": stopped after step "
            + step
            + (step > 0 ? ", checkpoint written" : ", before training began")
            + "; continue with: unimo " + name() + " --resume "
            + runDir);
    return Signals.exitStatus();
  }

  /** A new run: the config with the command line's overrides, in a new run directory. */
  private Start start(CommandLine line, @Nullable WorkerTask task) throws Exception {
    for (String required : List.of("config", "out")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (or --resume DIR) (unimo " + name() + " --help)");
      }
    }
    // The starting point first: a config inherits the text, image and encoder sections it leaves out.
    StartingPoint init = line.hasOption("init") ? StartingPoint.read(Path.of(line.getOptionValue("init"))) : null;
    Path config = Path.of(line.getOptionValue("config"));
    ModelSpec spec = init == null ? ModelSpec.read(config) : ModelSpec.read(config, init.spec());
    String[] assignments = line.getOptionValues("set");
    if (assignments != null) {
      spec = spec.withOverrides(Arrays.asList(assignments));
    }
    Integer steps = Args.positiveInt(line, "steps");
    if (steps != null) {
      spec = spec.withOverrides(List.of("training.steps=" + steps));
    }
    if (line.hasOption("precision")) {
      Precision chosen = Args.choice(line, "precision", Precision.class);
      spec = spec.withOverrides(List.of("compile.precision=" + chosen.name()));
    }
    CheckpointPolicy checkpoints = CheckpointPolicy.DEFAULT;
    if (line.hasOption("checkpoint-every")) {
      checkpoints = CheckpointPolicy.parse(line.getOptionValue("checkpoint-every"), checkpoints.keep());
    }
    Integer keep = Args.positiveInt(line, "keep-checkpoints");
    if (keep != null) {
      checkpoints = checkpoints.keeping(keep);
    }
    if (finetune && line.hasOption("data")) {
      throw new UsageException("--data is for pre-training; a fine-tuning config names its task in data.task");
    }
    if (finetune) {
      // Before a run directory exists: the config must name a task and one head that trains on it.
      FineTuning.headOf(spec);
    }
    if (init != null) {
      List<String> mismatches = init.mismatches(spec);
      if (!mismatches.isEmpty()) {
        throw new UsageException(
            "the config does not match " + init.dir() + ":\n  " + String.join("\n  ", mismatches)
                + "\n(the import's encoder.textproto holds its text and encoder sections)");
      }
    }
    if (init != null && line.hasOption("tokenizer")) {
      throw new UsageException("--init brings its own tokenizer; --tokenizer is for a run without --init");
    }
    if (init == null && !line.hasOption("tokenizer") && spec.text().tokenizer() == TokenizerKind.WORDPIECE) {
      throw new UsageException(
          "text.tokenizer.kind: WORDPIECE needs its vocabulary: start from a checkpoint with --init DIR, or train from"
              + " scratch with --tokenizer DIR (an import directory's vocab.txt)");
    }
    // Task 0 of local tasks shares its directory with the others' (DIR/tasks/K), made at the same time.
    Path runDir =
        task != null && task.leader()
            ? RunDirs.create(Path.of(line.getOptionValue("out")), LocalRun.TASKS_DIR)
            : RunDirs.create(Path.of(line.getOptionValue("out")));
    if (line.hasOption("tokenizer")) {
      copyTokenizer(spec, Path.of(line.getOptionValue("tokenizer")), runDir);
    }
    // First of all the spec and the status: a run stopped while loading or compiling resumes too.
    AtomicFiles.writeString(runDir.resolve(TrainingRun.SPEC_FILE), spec.toTextProto());
    boolean deterministic = line.hasOption("deterministic");
    new RunStatus(RunStatus.State.RUNNING, 0, spec.training().steps(), deterministic, checkpoints)
        .write(runDir);
    Path data = line.hasOption("data") ? Path.of(line.getOptionValue("data")) : null;
    return new Start(spec, runDir, deterministic, checkpoints, false, init, data);
  }

  /** A resumed run: the spec and options its directory recorded, with --steps if given. */
  private Start resume(CommandLine line) throws Exception {
    for (Option given : line.getOptions()) {
      if (!RESUME_OPTIONS.contains(given.getLongOpt())) {
        throw new UsageException(
            "--" + given.getLongOpt() + " cannot change a resumed run: its spec and options are in its directory"
                + " (only --steps may extend it)");
      }
    }
    Path runDir = Path.of(line.getOptionValue("resume"));
    Path specFile = runDir.resolve(TrainingRun.SPEC_FILE);
    RunStatus status =
        RunStatus.read(runDir)
            .orElseThrow(
                () -> new NoSuchFileException(runDir.resolve(RunStatus.FILE).toString(), null, "missing: not a run directory of unimo " + name()));
    if (!Files.isRegularFile(specFile)) {
      throw new NoSuchFileException(specFile.toString(), null, "missing: not a run directory of unimo " + name());
    }
    ModelSpec spec = ModelSpec.read(specFile);
    Integer steps = Args.positiveInt(line, "steps");
    if (steps != null) {
      if (steps < status.step()) {
        throw new UsageException("--steps " + steps + " is below the " + status.step() + " steps the run has trained");
      }
      spec = spec.withOverrides(List.of("training.steps=" + steps));
    }
    boolean exported = Files.isDirectory(runDir.resolve("export"));
    if (status.finished() && exported && spec.training().steps() <= status.step()) {
      throw new UsageException(
          runDir + " finished all its " + status.step() + " steps; give --steps N above that to train further");
    }
    AtomicFiles.writeString(runDir.resolve(TrainingRun.SPEC_FILE), spec.toTextProto());
    StartingPoint init = null;
    var initDir = RunManifest.field(runDir, INIT_DIR);
    if (initDir.isPresent()) {
      init = StartingPoint.read(Path.of(initDir.get()));
      String recorded = RunManifest.field(runDir, INIT_SHA256).orElse("");
      if (!init.weightsSha256().equals(recorded)) {
        throw new IOException(
            init.dir() + ": its weights (SHA-256 " + init.weightsSha256() + ") are not the ones this run started from (" + recorded + ")");
      }
    }
    Path data = RunManifest.field(runDir, DATA_DIR).map(Path::of).orElse(null);
    return new Start(spec, runDir, status.deterministic(), status.checkpoints(), true, init, data);
  }

  /** One evaluation line: held-out retrieval R@1 in both directions after {@code step} steps. */
  static String evaluation(long step, Recall recall) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"step\": %d, \"eval\": {\"r1_text_to_image\": %.4f, \"r1_image_to_text\": %.4f, \"candidates\": %d}}",
        step,
        recall.textToImage(),
        recall.imageToText(),
        recall.candidates());
  }

  /** The manifest field naming the prepared directory given with --data. */
  private static final String DATA_DIR = "data_dir";

  /** Opens the run on its data; stopped here (Ctrl-C while compiling) it resumes like any other. */
  private static TrainingRun prepare(
      ModelSpec spec, DataLoading.Source data, Path runDir, @Nullable InitialWeights init, @Nullable WorkerTask task)
      throws IOException, Signals.Stopped {
    Signals.checkpoint();
    if (task == null) {
      return TrainingRun.prepare(spec, data.source(), runDir, CompileOptions.training(), init);
    }
    return TrainingRun.prepare(
        spec, data.source(), runDir, CompileOptions.training().replicated(task.replica()), init, task.server());
  }

  /** The manifest fields that tie a run to the import it started from. */
  private static final String INIT_DIR = "init_dir";

  private static final String INIT_SHA256 = "init_sha256";

  private static InitialWeights initialWeights(StartingPoint init) throws IOException {
    return new InitialWeights(init.tokenizer(), init.weights(), init.source(), init.weightsSha256());
  }

  /** Copies a model's tokenizer files for {@code spec} into a new run directory, checked by reading them. */
  private static void copyTokenizer(ModelSpec spec, Path from, Path runDir) throws IOException, UsageException {
    List<String> files = TokenizerFiles.fileNames(spec);
    if (files.isEmpty()) {
      throw new UsageException("--tokenizer: a " + spec.text().tokenizer() + " tokenizer has no files to take; leave it out");
    }
    TokenizerFiles.read(spec, from);
    for (String file : files) {
      Files.copy(from.resolve(file), runDir.resolve(file));
    }
  }

  /** Removes the export of the run's earlier end: a resumed run exports anew. */
  private static void deleteExport(Path export) throws IOException {
    if (Files.exists(export)) {
      MoreFiles.deleteRecursively(export, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }
}
