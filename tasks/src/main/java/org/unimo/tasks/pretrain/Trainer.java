package org.unimo.tasks.pretrain;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.DataMix;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.DataKind;
import org.unimo.graph.Feeds;
import org.unimo.graph.Names;
import org.unimo.graph.Outputs;
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
  private final CompiledModel model;
  private final Session session;
  private final BatchSource data;
  private final Path runDir;
  private final ModelSpecProto spec;
  private final List<LossOp> losses = new ArrayList<>();
  private final @Nullable Mix mix;
  /** FP16: the steps report their loss scale and whether they were skipped. */
  private final boolean lossScaling;
  private final Checkpoints checkpoints;
  private long skippedSteps;

  public Trainer(CompiledModel model, Session session, BatchSource data, Path runDir) {
    this.model = model;
    this.session = session;
    this.data = data;
    this.runDir = runDir;
    this.spec = model.spec().proto();
    var o = spec.getObjectives();
    boolean image = spec.hasImage();
    declare(o.hasMaskedLm(), "mlm", Names.LOSS_MLM, DataKind.TEXT);
    declare(o.hasSeq2Seq(), "seq2seq", Names.LOSS_SEQ2SEQ, DataKind.TEXT);
    declare(image && o.hasMrfr(), "mrfr", Names.LOSS_MRFR, DataKind.IMAGE);
    declare(image && o.hasMrc(), "mrc", Names.LOSS_MRC, DataKind.IMAGE);
    declare(image && o.hasCmcl(), "cmcl", Names.LOSS_CMCL, DataKind.PAIR);
    declare(image && o.hasPairMlm(), "pair_mlm", Names.LOSS_PAIR_MLM, DataKind.PAIR);
    declare(image && o.hasCaptionGeneration(), "caption_generation", Names.LOSS_CAPTION, DataKind.PAIR);
    this.mix = spec.getTraining().hasMix() ? new Mix(spec.getTraining().getMix(), spec.getSeed()) : null;
    this.lossScaling = spec.getCompile().getPrecision() == Compile.Precision.FP16;
    this.checkpoints = new Checkpoints(runDir);
  }

  private void declare(boolean declared, String name, String op, DataKind kind) {
    if (declared) {
      losses.add(new LossOp(name, op, kind));
    }
  }

  /** A declared loss: its metrics name, its op and the kind of data it trains on. */
  private record LossOp(String name, String op, DataKind kind) {}

  /** {@code training.mix}: the kind of data of each step, keyed on (seed, step). */
  private static final class Mix {
    private final float[] cumulative = new float[DataKind.values().length];
    private final long seed;

    Mix(DataMix mix, long seed) {
      float[] ratios = {mix.getText(), mix.getImage(), mix.getPair()};
      float sum = 0;
      for (int i = 0; i < ratios.length; i++) {
        sum += ratios[i];
        cumulative[i] = sum;
      }
      this.seed = seed;
    }

    DataKind at(long step) {
      double draw = Draws.of(seed, Draws.Purpose.MIX, step).single().nextDouble() * cumulative[cumulative.length - 1];
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
   */
  public record Summary(
      long resumedFrom,
      long lastStep,
      @Nullable StepMetrics first,
      @Nullable StepMetrics last,
      LossTrend trend,
      RunStatus status) {}

  /** How many steps the closing loss summary averages at each end. */
  public static final int TREND_WINDOW = 20;

  /**
   * Trains up to {@code training.steps}, continuing after the run directory's latest checkpoint
   * if it has one, until the last step or until {@code options.stopRequested()} says stop.
   *
   * @param listener receives every step's metrics, after they are written
   */
  public Summary train(Options options, Consumer<StepMetrics> listener) throws IOException {
    long steps = spec.getTraining().getSteps();
    LossTrend.Tracker trend = new LossTrend.Tracker(TREND_WINDOW);
    long start = 0;
    Optional<Checkpoints.Saved> saved = checkpoints.latest();
    if (saved.isPresent()) {
      Checkpoints.State state = saved.get().state();
      Checkpoints.restore(session, saved.get());
      data.restore(state.cursor());
      skippedSteps = state.skippedSteps();
      start = state.step();
    }
    Path metricsFile = runDir.resolve("metrics.jsonl");
    keepMetricsUpTo(metricsFile, start, trend);
    new RunStatus(RunStatus.State.RUNNING, start, steps, options.deterministic(), options.checkpoints()).write(runDir);

    StepMetrics first = null;
    StepMetrics last = null;
    long step = start;
    long checkpointed = start;
    long lastCheckpointTime = System.nanoTime();
    ProgressBar bar = null;
    try (BufferedWriter metrics =
            Files.newBufferedWriter(
                metricsFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        EventFiles.Writer events = EventFiles.create(runDir.resolve("events"))) {
      if (start > 0) {
        events.restartAt(start + 1);
      }
      while (step < steps && !options.stopRequested().getAsBoolean()) {
        step++;
        StepMetrics m = step(step);
        if (first == null) {
          first = m;
        }
        last = m;
        trend.add(m);
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
        if (step < steps
            && options.checkpoints().due(step, Duration.ofNanos(System.nanoTime() - lastCheckpointTime))) {
          checkpoints.save(session, state(step), options.checkpoints().keep());
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
      checkpoints.save(session, state(step), options.checkpoints().keep());
    }
    RunStatus status =
        new RunStatus(
            step >= steps ? RunStatus.State.FINISHED : RunStatus.State.INTERRUPTED,
            step,
            steps,
            options.deterministic(),
            options.checkpoints());
    status.write(runDir);
    return new Summary(start, step, first, last, trend.trend(), status);
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
    List<LossOp> active = losses.stream().filter(l -> only == null || l.kind() == only).toList();
    try (Feeds feeds = new Feeds()) {
      Session.Runner runner = session.runner();
      int examples = 0;
      var objectives = spec.getObjectives();
      if (active.stream().anyMatch(l -> l.kind() == DataKind.PAIR)) {
        PairBatch pairs = data.pairs(step);
        pairs.text().feed(runner, feeds);
        pairs.image().feed(runner, feeds);
        examples += pairs.text().size();
        if (objectives.hasPairMlm()) {
          data.maskedCaptions(pairs, step).feedAsPairs(runner, feeds);
        }
        if (objectives.hasCaptionGeneration()) {
          data.captionTargets(pairs).feedAsCaptions(runner, feeds);
        }
        if (data.hasCmclSamples()) {
          data.cmclSamples(pairs, step).feed(runner, feeds);
        }
      }
      if (active.stream().anyMatch(l -> l.name().equals("mlm"))) {
        var masked = data.maskedTexts(step);
        masked.feed(runner, feeds);
        examples += masked.input().size();
      }
      if (active.stream().anyMatch(l -> l.name().equals("seq2seq"))) {
        Seq2SeqBatch generation = data.seq2seq(step);
        generation.feed(runner, feeds);
        examples += generation.input().size();
      }
      if (active.stream().anyMatch(l -> l.kind() == DataKind.IMAGE)) {
        RegionBatch regions = data.maskedRegions(step);
        regions.feed(runner, feeds);
        examples += regions.input().size();
      }
      active.forEach(l -> runner.fetch(l.op()));
      runner
          .fetch(only == null ? Names.LOSS_TOTAL : Names.totalLoss(only))
          .fetch(Names.LEARNING_RATE)
          .fetch(only == null ? Names.GRADIENT_NORM : Names.gradientNorm(only))
          .addTarget(only == null ? Names.TRAIN_OP : Names.trainOp(only));
      if (lossScaling) {
        runner
            .fetch(only == null ? Names.LOSS_SCALE : Names.lossScale(only))
            .fetch(only == null ? Names.STEP_SKIPPED : Names.stepSkipped(only));
      }
      try (Result result = runner.run()) {
        ImmutableMap.Builder<String, Float> values = ImmutableMap.builder();
        for (int i = 0; i < active.size(); i++) {
          values.put(active.get(i).name(), Outputs.scalar(result.get(i)));
        }
        values.put("total", Outputs.scalar(result.get(active.size())));
        float lr = Outputs.scalar(result.get(active.size() + 1));
        float norm = Outputs.scalar(result.get(active.size() + 2));
        Float scale = null;
        if (lossScaling) {
          scale = Outputs.scalar(result.get(active.size() + 3));
          skippedSteps += (long) Outputs.scalar(result.get(active.size() + 4));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new StepMetrics(
            step,
            only == null ? null : only.id(),
            values.buildOrThrow(),
            lr,
            norm,
            examples / seconds,
            scale,
            skippedSteps);
      }
    }
  }

  /** The compiled model this trainer steps. */
  public CompiledModel model() {
    return model;
  }
}
