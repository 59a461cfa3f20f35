package org.unimo.tasks.training;

import com.google.common.collect.ImmutableMap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.DataMixSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.LiveModel;
import org.unimo.graph.objective.Draws;
import org.unimo.graph.objective.StepBatch;
import org.unimo.tasks.tensorboard.EventFiles;

/**
 * The pre-training loop: feeds batches, runs the optimizer step, streams metrics and writes
 * checkpoints; continues a run directory from its latest checkpoint.
 *
 * <p>A run directory receives {@code metrics.jsonl} (one {@link StepMetrics} per line),
 * TensorBoard event files under {@code events/}, {@code checkpoints/} ({@link Checkpoints}) and
 * {@code status.json} ({@link RunStatus}). Metrics go to their files and the listener as they
 * come and are not kept: memory does not grow with the number of steps.
 *
 * <p>If the run directory has a checkpoint, training continues after it: variables, Adam slots,
 * loss scale, data streams and skipped-step count are restored, and every random draw is keyed on
 * the step ({@link Draws}; dropout in the graph likewise), so the continued run computes what an
 * uninterrupted one would. Lines that the interrupted process wrote after its last checkpoint are
 * dropped from {@code metrics.jsonl} and superseded in TensorBoard.
 */
public final class Trainer {
  private final LiveModel model;
  private final StepBatches data;
  private final Path runDir;
  private final @Nullable Mix mix;
  private final Checkpoints checkpoints;
  /** In a data-parallel run, what this task agrees on with the others; else null. */
  private final LiveModel.@Nullable TaskSync sync;
  /** Whether this trainer writes the run's files: one process's, or task 0's of a data-parallel run. */
  private final boolean leader;
  private long skippedSteps;

  /** For the toolkit's stages ({@link TrainingRun}). */
  Trainer(LiveModel model, StepBatches data, Path runDir) {
    this.model = model;
    this.data = data;
    this.runDir = runDir;
    ModelSpec spec = model.model().spec();
    this.mix = spec.training().mix().map(m -> new Mix(m, spec.seed())).orElse(null);
    this.checkpoints = new Checkpoints(runDir);
    this.sync = model.taskSync().orElse(null);
    this.leader = sync == null || sync.rank() == 0;
  }

  /** {@code training.mix}: the kind of data of each step, keyed on (seed, step). */
  static final class Mix {
    private final float[] cumulative = new float[DataKind.values().length];
    private final long seed;

    Mix(DataMixSpec mix, long seed) {
      float sum = 0;
      for (DataKind kind : DataKind.values()) {
        sum += mix.ratio(kind);
        cumulative[kind.ordinal()] = sum;
      }
      this.seed = seed;
    }

    DataKind at(long step) {
      double draw = Draws.of(seed, "mix", step).single().nextDouble() * cumulative[cumulative.length - 1];
      for (int i = 0; i < cumulative.length; i++) {
        if (draw < cumulative[i]) {
          return DataKind.values()[i];
        }
      }
      return DataKind.values()[cumulative.length - 1];
    }
  }

  /**
   * How a run reports, checkpoints and stops.
   *
   * @param progress show a progress bar on standard error (the caller decides whether that is a
   *     terminal)
   * @param deterministic leave measured throughput out of {@code metrics.jsonl}, so that two runs
   *     with the same seed write identical files (the computation itself is always seeded)
   * @param checkpoints when to write checkpoints
   * @param stopRequested polled before every step: true stops the run at that step boundary, with
   *     a checkpoint (how Ctrl-C and SIGTERM reach the loop)
   */
  public record Options(
      boolean progress, boolean deterministic, CheckpointPolicy checkpoints, BooleanSupplier stopRequested) {
    /** Default checkpoints, never stopped early. */
    public static Options of(boolean progress, boolean deterministic) {
      return new Options(progress, deterministic, CheckpointPolicy.DEFAULT, () -> false);
    }
  }

  /**
   * What a call of {@link #train} did.
   *
   * @param resumedFrom the step of the checkpoint it continued from (0 for a new run)
   * @param lastStep the last step trained (equal to {@code resumedFrom} if none was)
   * @param first the first step this call trained, or null
   * @param last the last step this call trained, or null
   * @param trend loss means over the first and last steps of the whole run, resumed parts included
   * @param status how the run stands now
   * @param seconds wall time of this call's steps
   * @param inputWaitSeconds of {@code seconds}, the time the loop waited for its next examples
   * @param stoppedBy in a data-parallel run stopped early, the tasks that asked to stop (every
   *     task stops at the same step); else empty
   */
  public record Summary(
      long resumedFrom,
      long lastStep,
      @Nullable StepMetrics first,
      @Nullable StepMetrics last,
      LossTrend trend,
      RunStatus status,
      double seconds,
      double inputWaitSeconds,
      java.util.List<Integer> stoppedBy) {
    public Summary {
      stoppedBy = java.util.List.copyOf(stoppedBy);
    }

    /** The input pipeline's share of step time: waiting for examples over all step time. */
    public double inputWaitFraction() {
      return seconds == 0 ? 0 : inputWaitSeconds / seconds;
    }
  }

  /** How many steps the closing loss summary averages at each end. */
  public static final int TREND_WINDOW = 20;

  /**
   * Trains up to {@code training.steps}, continuing after the run directory's latest checkpoint
   * if it has one, until the last step or until {@code options.stopRequested()} says stop.
   *
   * @param listener receives every step's metrics, after they are written
   */
  public Summary train(Options options, Consumer<StepMetrics> listener) throws IOException {
    return leader ? lead(options, listener) : follow(options, listener);
  }

  /** One process's loop, or task 0's: it writes metrics, events, status and checkpoints. */
  private Summary lead(Options options, Consumer<StepMetrics> listener) throws IOException {
    long steps = model.model().spec().training().steps();
    LossTrend.Tracker trend = new LossTrend.Tracker(TREND_WINDOW);
    Optional<Checkpoints.Saved> saved = checkpoints.latest();
    saved.ifPresent(s -> Checkpoints.restore(model, s));
    long start = begin(saved.map(Checkpoints.Saved::state).orElse(null));
    Path metricsFile = runDir.resolve("metrics.jsonl");
    keepMetricsUpTo(metricsFile, start, trend);
    new RunStatus(RunStatus.State.RUNNING, start, steps, options.deterministic(), options.checkpoints()).write(runDir);

    Progress progress = new Progress(trend);
    long step = start;
    long checkpointed = start;
    long lastCheckpointTime = System.nanoTime();
    ProgressBar bar = null;
    boolean stop = false;
    try (BufferedWriter metrics =
            Files.newBufferedWriter(
                metricsFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        EventFiles.Writer events = EventFiles.create(runDir.resolve("events"))) {
      if (start > 0) {
        events.restartAt(start + 1);
      }
      while (step < steps && !stop && (sync != null || !options.stopRequested().getAsBoolean())) {
        step++;
        StepMetrics m = progress.step(step);
        metrics.write(m.toJson(!options.deterministic()).toString());
        metrics.newLine();
        metrics.flush();
        events.scalars(m.step(), m.scalars());
        listener.accept(m);
        if (options.progress()) {
          // Started after the first step, so its rate and ETA leave graph compilation out.
          if (bar == null) {
            bar = ProgressBars.console("pretrain", steps, step);
          } else {
            bar.stepTo(step);
          }
          bar.setExtraMessage(String.format("total %.3f", m.losses().get("total")));
        }
        boolean due =
            step < steps
                && options.checkpoints().due(step, Duration.ofNanos(System.nanoTime() - lastCheckpointTime));
        if (sync != null) {
          Agreed agreed = agree(options, due);
          due = agreed.checkpoint();
          stop = agreed.stop();
          progress.stoppedBy = agreed.stoppedBy();
        }
        if (due) {
          checkpoints.save(model, state(step), options.checkpoints().keep());
          checkpointed = step;
          lastCheckpointTime = System.nanoTime();
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      if (bar != null) {
        bar.close();
      }
    }
    if (step > checkpointed) {
      checkpoints.save(model, state(step), options.checkpoints().keep());
    }
    RunStatus status = status(step, steps, options);
    status.write(runDir);
    return progress.summary(start, step, status);
  }

  /**
   * Task k > 0 of a data-parallel run: the same steps and agreements as task 0, writing nothing
   * (task 0's directory holds the run); it stops where task 0 does.
   */
  private Summary follow(Options options, Consumer<StepMetrics> listener) {
    long steps = model.model().spec().training().steps();
    LossTrend.Tracker trend = new LossTrend.Tracker(TREND_WINDOW);
    long start = begin(null);
    Progress progress = new Progress(trend);
    long step = start;
    boolean stop = false;
    while (step < steps && !stop) {
      step++;
      listener.accept(progress.step(step));
      Agreed agreed = agree(options, false);
      stop = agreed.stop();
      progress.stoppedBy = agreed.stoppedBy();
    }
    return progress.summary(start, step, status(step, steps, options));
  }

  /** How the run stands after {@code step} of {@code steps}. */
  private static RunStatus status(long step, long steps, Options options) {
    return new RunStatus(
        step >= steps ? RunStatus.State.FINISHED : RunStatus.State.INTERRUPTED,
        step,
        steps,
        options.deterministic(),
        options.checkpoints());
  }

  /** What one call of {@link #train} has trained so far: its first and last metrics, the trend, step time. */
  private final class Progress {
    private final LossTrend.Tracker trend;
    private @Nullable StepMetrics first;
    private @Nullable StepMetrics last;
    private long stepNanos;
    private java.util.List<Integer> stoppedBy = java.util.List.of();

    Progress(LossTrend.Tracker trend) {
      this.trend = trend;
    }

    /** Trains {@code step} and keeps its metrics. */
    StepMetrics step(long step) {
      long start = System.nanoTime();
      StepMetrics m = Trainer.this.step(step);
      stepNanos += System.nanoTime() - start;
      if (first == null) {
        first = m;
      }
      last = m;
      trend.add(m);
      return m;
    }

    Summary summary(long start, long step, RunStatus status) {
      return new Summary(start, step, first, last, trend.trend(), status, stepNanos / 1e9, data.waitSeconds(), stoppedBy);
    }
  }

  /**
   * Where training starts, from {@code saved} (one process's or task 0's latest checkpoint, whose
   * variables are already restored), or null for a new run. In a data-parallel run every task
   * first checks that it compiled the same spec, then takes task 0's checkpoint state (sent from
   * task 0: no shared file system is needed) and variables (broadcast).
   */
  private long begin(Checkpoints.@Nullable State saved) {
    Checkpoints.State state = saved;
    if (sync != null) {
      checkSameRun(sync);
      byte[] sent = sync.fromLeader(leader ? (saved == null ? "" : saved.toJson().toString()).getBytes(StandardCharsets.UTF_8) : null);
      String json = new String(sent, StandardCharsets.UTF_8);
      state = json.isEmpty() ? null : Checkpoints.State.fromJson(com.google.gson.JsonParser.parseString(json).getAsJsonObject());
      sync.broadcastVariables();
    }
    if (state == null) {
      return 0;
    }
    data.restore(state.cursor());
    skippedSteps = state.skippedSteps();
    return state.step();
  }

  /**
   * Refuses to train with tasks that compiled another spec or built another tokenizer: their
   * steps would not add up. Each task sends 48 bits of each fingerprint.
   */
  private void checkSameRun(LiveModel.TaskSync group) {
    double[] mine = {fingerprintBits(model.model().spec().fingerprint()), fingerprintBits(data.tokenizerFingerprint())};
    double[][] all = group.facts(mine);
    for (int task = 0; task < all.length; task++) {
      if (all[task][0] != all[0][0]) {
        throw new IllegalArgumentException(
            "task " + task + " compiled another spec than task 0 (spec fingerprints differ): every task must run the same config");
      }
      if (all[task][1] != all[0][1]) {
        throw new IllegalArgumentException(
            "task " + task + " built another tokenizer than task 0: every task must read the same data (or --init)");
      }
    }
  }

  /** The first 48 bits of a hex fingerprint, exact in a double. */
  private static double fingerprintBits(String hex) {
    return Long.parseLong(hex.substring(0, 12), 16);
  }

  /**
   * What the tasks agreed after a step: which asked to stop (then all stop), and task 0's
   * checkpoint decision.
   */
  private record Agreed(java.util.List<Integer> stoppedBy, boolean checkpoint) {
    boolean stop() {
      return !stoppedBy.isEmpty();
    }
  }

  /** One small all-reduce a step: each task's stop request in its own slot, then task 0's checkpoint decision. */
  private Agreed agree(Options options, boolean checkpointDue) {
    LiveModel.TaskSync group = java.util.Objects.requireNonNull(sync);
    double[] control = new double[group.tasks() + 1];
    control[group.rank()] = options.stopRequested().getAsBoolean() ? 1 : 0;
    control[group.tasks()] = leader && checkpointDue ? 1 : 0;
    double[] sums = group.control(control);
    java.util.List<Integer> stoppedBy = new java.util.ArrayList<>();
    for (int task = 0; task < group.tasks(); task++) {
      if (sums[task] > 0) {
        stoppedBy.add(task);
      }
    }
    return new Agreed(stoppedBy, sums[group.tasks()] > 0);
  }

  private Checkpoints.State state(long step) {
    return new Checkpoints.State(step, data.cursor(), skippedSteps);
  }

  /**
   * Keeps the lines of steps up to {@code step} (all a checkpoint covers), feeding them to {@code
   * trend}, and drops the rest: what an interrupted process wrote after its last checkpoint.
   */
  private static void keepMetricsUpTo(Path file, long step, LossTrend.Tracker trend) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    Path temp = file.resolveSibling(file.getFileName() + ".partial");
    try (var lines = Files.lines(file, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isBlank()) {
          continue;
        }
        StepMetrics m;
        try {
          m = StepMetrics.fromJson(line);
        } catch (IllegalArgumentException e) {
          continue; // A line cut short by a kill: it belongs to a step after the checkpoint.
        }
        if (m.step() <= step) {
          trend.add(m);
          out.write(line);
          out.newLine();
        }
      }
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private StepMetrics step(long step) {
    long start = System.nanoTime();
    // With a mix, one kind of data per step; without, every kind the objectives need.
    DataKind only = mix == null ? null : mix.at(step);
    StepBatch batch = data.at(step);
    LiveModel.StepResult result = model.step(batch, only);
    if (result.skipped()) {
      skippedSteps++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new StepMetrics(
        step,
        only == null ? null : only.id(),
        ImmutableMap.copyOf(result.values()),
        result.learningRate(),
        result.gradientNorm(),
        StepBatches.examples(batch) * (sync == null ? 1 : sync.tasks()) / seconds,
        result.lossScale(),
        skippedSteps);
  }

  /** The model this trainer steps. */
  public CompiledModel model() {
    return model.model();
  }
}
