package org.unimo.tasks.pretrain;

import com.google.common.collect.ImmutableMap;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.Feeds;
import org.unimo.graph.Names;
import org.unimo.graph.Outputs;
import org.unimo.graph.DataKind;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.proto.Compile;
import org.unimo.dsl.proto.DataMix;
import java.util.SplittableRandom;
import org.unimo.tasks.tensorboard.EventFiles;

/**
 * The pre-training loop: feeds batches, runs the optimizer step, streams metrics and writes
 * checkpoints.
 *
 * <p>A run directory receives {@code metrics.jsonl} (one {@link StepMetrics} per line), TensorBoard
 * event files under {@code events/}, and {@code checkpoints/ckpt-STEP.*} with the last {@code
 * training.keep_checkpoints} kept.
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
  }

  private void declare(boolean declared, String name, String op, DataKind kind) {
    if (declared) {
      losses.add(new LossOp(name, op, kind));
    }
  }

  /** A declared loss: its metrics name, its op and the kind of data it trains on. */
  private record LossOp(String name, String op, DataKind kind) {}

  /** {@code training.mix}: draws the kind of data of each step with its own seeded stream. */
  private static final class Mix {
    private final float[] cumulative = new float[DataKind.values().length];
    private final SplittableRandom random;

    Mix(DataMix mix, long seed) {
      float[] ratios = {mix.getText(), mix.getImage(), mix.getPair()};
      float sum = 0;
      for (int i = 0; i < ratios.length; i++) {
        sum += ratios[i];
        cumulative[i] = sum;
      }
      this.random = new SplittableRandom(seed ^ 0x6d69786d69784cL);
    }

    DataKind next() {
      double draw = random.nextDouble() * cumulative[cumulative.length - 1];
      for (int i = 0; i < cumulative.length; i++) {
        if (draw < cumulative[i]) {
          return DataKind.values()[i];
        }
      }
      return DataKind.values()[cumulative.length - 1];
    }
  }

  /**
   * How a run reports.
   *
   * @param progress show a progress bar on standard error
   * @param deterministic leave measured throughput out of {@code metrics.jsonl}, so that two runs
   *     with the same seed write identical files (the computation itself is always seeded)
   */
  public record Options(boolean progress, boolean deterministic) {}

  /**
   * Runs {@code training.steps} steps.
   *
   * @param listener receives every step's metrics, after they are written
   * @return the metrics of every step
   */
  public List<StepMetrics> train(Options options, Consumer<StepMetrics> listener)
      throws IOException {
    int steps = spec.getTraining().getSteps();
    int every = spec.getTraining().getCheckpointEvery();
    Files.createDirectories(runDir.resolve("checkpoints"));
    List<StepMetrics> all = new ArrayList<>(steps);
    try (BufferedWriter metrics =
            Files.newBufferedWriter(
                runDir.resolve("metrics.jsonl"),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        EventFiles.Writer events = EventFiles.create(runDir.resolve("events"));
        ProgressBar bar = options.progress() ? ProgressBars.console("pretrain", steps) : null) {
      for (int step = 1; step <= steps; step++) {
        StepMetrics m = step(step);
        all.add(m);
        metrics.write(m.toJson(!options.deterministic()).toString());
        metrics.newLine();
        metrics.flush();
        events.scalars(m.step(), m.scalars());
        listener.accept(m);
        if (bar != null) {
          bar.step();
          bar.setExtraMessage(String.format("total %.3f", m.losses().get("total")));
        }
        if ((every > 0 && step % every == 0) || step == steps) {
          checkpoint(step);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return all;
  }

  private StepMetrics step(long step) {
    long start = System.nanoTime();
    // With a mix, one kind of data per step; without, every kind the objectives need.
    DataKind only = mix == null ? null : mix.next();
    List<LossOp> active = losses.stream().filter(l -> only == null || l.kind() == only).toList();
    try (Feeds feeds = new Feeds()) {
      Session.Runner runner = session.runner();
      int examples = 0;
      var objectives = spec.getObjectives();
      if (active.stream().anyMatch(l -> l.kind() == DataKind.PAIR)) {
        PairBatch pairs = data.pairs();
        pairs.text().feed(runner, feeds);
        pairs.image().feed(runner, feeds);
        examples += pairs.text().size();
        if (objectives.hasPairMlm()) {
          data.maskedCaptions(pairs).feedAsPairs(runner, feeds);
        }
        if (objectives.hasCaptionGeneration()) {
          data.captionTargets(pairs).feedAsCaptions(runner, feeds);
        }
        if (data.hasCmclSamples()) {
          data.cmclSamples(pairs).feed(runner, feeds);
        }
      }
      if (active.stream().anyMatch(l -> l.name().equals("mlm"))) {
        var masked = data.maskedTexts();
        masked.feed(runner, feeds);
        examples += masked.input().size();
      }
      if (active.stream().anyMatch(l -> l.name().equals("seq2seq"))) {
        Seq2SeqBatch generation = data.seq2seq();
        generation.feed(runner, feeds);
        examples += generation.input().size();
      }
      if (active.stream().anyMatch(l -> l.kind() == DataKind.IMAGE)) {
        RegionBatch regions = data.maskedRegions();
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

  /** Saves {@code checkpoints/ckpt-STEP} and keeps only the newest few. */
  private void checkpoint(int step) throws IOException {
    Path dir = runDir.resolve("checkpoints");
    session.save(dir.resolve("ckpt-" + step).toString());
    int keep = spec.getTraining().getKeepCheckpoints();
    List<Integer> saved = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("ckpt-\\d+\\.index"))
          .map(n -> Integer.parseInt(n.substring(5, n.length() - 6)))
          .forEach(saved::add);
    }
    saved.sort(null);
    for (int i = 0; i < saved.size() - keep; i++) {
      String prefix = "ckpt-" + saved.get(i) + ".";
      try (var files = Files.list(dir)) {
        for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
          Files.delete(p);
        }
      }
    }
    Path latest = dir.resolve("latest");
    Path temp = dir.resolve("latest.tmp");
    Files.writeString(temp, "ckpt-" + step + "\n", StandardCharsets.UTF_8);
    Files.move(temp, latest, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The compiled model this trainer steps. */
  public CompiledModel model() {
    return model;
  }
}
