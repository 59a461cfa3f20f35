package org.unimo.graph;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.Objective;

/**
 * A spec compiled into a TensorFlow graph, with typed handles to its inputs and outputs. Owns the
 * graph: close it when done.
 *
 * <p>Feeds and fetches go through the handles: {@link #inference()} (the model's inputs, embeddings
 * and scores, and each head's predictions), {@link #objectives()} (each objective's loss and how it
 * feeds a step) and {@link #trainStep} (the optimizer step of all objectives, or of one kind of data
 * under {@code training.mix}). The op names in {@link Names} remain the documented contract of
 * exported SavedModels.
 */
public final class CompiledModel implements AutoCloseable {
  private final ModelSpec spec;
  private final CompileOptions options;
  private final Graph graph;
  private final long parameterCount;
  private final ImmutableMap<String, Output<TFloat32>> variables;
  private final Output<TInt64> globalStep;
  private final Inference inference;
  private final ImmutableList<CompiledObjective> objectives;
  private final @Nullable TrainStep all;
  private final Map<DataKind, TrainStep> byKind;
  private final @Nullable Sync sync;

  CompiledModel(
      ModelSpec spec,
      CompileOptions options,
      Graph graph,
      long parameterCount,
      ImmutableMap<String, Output<TFloat32>> variables,
      Output<TInt64> globalStep,
      Inference inference,
      ImmutableList<CompiledObjective> objectives,
      @Nullable TrainStep all,
      Map<DataKind, TrainStep> byKind,
      @Nullable Sync sync) {
    this.sync = sync;
    this.spec = spec;
    this.options = options;
    this.graph = graph;
    this.parameterCount = parameterCount;
    this.variables = variables;
    this.globalStep = globalStep;
    this.inference = inference;
    this.objectives = objectives;
    this.all = all;
    this.byKind = byKind.isEmpty() ? Map.of() : new EnumMap<>(byKind);
  }

  /**
   * The model's inference inputs and outputs (no dropout).
   *
   * @param inputs {@code text/...} and, with an image input, {@code image/...}
   * @param textSequence {@code embed_text/sequence} [B, T, H]: the encoder's last hidden states
   * @param textEmbedding {@code embed_text/embedding} [B, H], L2-normalized
   * @param imageEmbedding {@code embed_image/embedding} [B, H], or null without an image input
   * @param scores {@code score/scores} [B_text, B_image], or null without an image input
   * @param heads each head's prediction outputs, by head name
   */
  public record Inference(
      PairInputs inputs,
      Operand<TFloat32> textSequence,
      Operand<TFloat32> textEmbedding,
      @Nullable Operand<TFloat32> imageEmbedding,
      @Nullable Operand<TFloat32> scores,
      Map<String, Head.Prediction> heads) {
    public Inference {
      heads = Map.copyOf(heads);
    }
  }

  /**
   * An objective or head in the training graph.
   *
   * @param weightedLoss its loss times its weight, {@code NAME/weighted_loss}
   */
  public record CompiledObjective(Objective objective, Objective.Compiled compiled, Operand<TFloat32> weightedLoss) {
    /** The metrics name: {@code mlm}, {@code cmcl}, a head's name, ... */
    public String name() {
      return objective.spec().name();
    }

    public DataKind data() {
      return objective.spec().data();
    }

    /** The unweighted loss. */
    public Operand<TFloat32> loss() {
      return compiled.loss();
    }

    public List<DataRequirement> requires() {
      return objective.requires();
    }
  }

  /**
   * An optimizer step: the op to run and what it reports.
   *
   * @param total the weighted sum of its objectives' losses
   * @param lossScale FP16 only: the loss scale the step used, else null
   * @param skipped FP16 only: 1 when the step found a non-finite gradient and was skipped, else null
   * @param objectives the objectives it trains
   * @param shares how the step's batch is split (micro-batches, tasks), or null when it runs whole
   */
  public record TrainStep(
      Op train,
      Operand<TFloat32> total,
      Operand<TFloat32> learningRate,
      Operand<TFloat32> gradientNorm,
      @Nullable Operand<TFloat32> lossScale,
      @Nullable Operand<TFloat32> skipped,
      List<CompiledObjective> objectives,
      @Nullable Shares shares) {
    public TrainStep {
      objectives = List.copyOf(objectives);
    }
  }

  /**
   * A train step whose batch runs in shares: {@code microBatches} micro-batches ({@code
   * training.accumulation_steps}) on each of {@code tasks} tasks (a data-parallel run). Each share
   * is fed the whole step's weight sums at {@code denominators} (counted per micro-batch and summed
   * over the micro-batches, then over the tasks with {@code weightSums}), so every weighted-mean
   * loss is the share's part of the global batch's mean; any other loss enters a share's total
   * divided by the number of shares. The shares' gradients then add up to the global batch's.
   *
   * @param ops with micro-batches, the ops that accumulate a micro-batch's gradients ({@code
   *     first} or {@code next}, with its index fed to {@code microBatch}); the train op then applies
   *     the sum. Null with one micro-batch: the train op runs with the batch
   * @param summed the objectives whose losses add up over the shares (weighted means); the others'
   *     are averaged
   * @param weightSums with tasks, the fed sum of the tasks' weight sums, else null
   * @param reported with tasks, the fed sum of the tasks' reported values, else null
   */
  public record Shares(
      int microBatches,
      int tasks,
      org.unimo.graph.optimizer.Adam.@Nullable Accumulate ops,
      @Nullable Output<TInt64> microBatch,
      List<Denominators.Denominator> denominators,
      List<String> summed,
      @Nullable FedSum weightSums,
      @Nullable FedSum reported) {
    public Shares {
      denominators = List.copyOf(denominators);
      summed = List.copyOf(summed);
    }
  }

  /**
   * A collective fed from the host: every task feeds a float64 vector of the same length to
   * {@code input} and fetches the element-wise sum over the tasks from {@code output}.
   */
  public record FedSum(Output<TFloat64> input, Output<TFloat64> output) {}

  /**
   * What the tasks of a data-parallel run agree on outside the train step, in scope {@code sync/}:
   * each a collective, so every task runs each of them the same number of times in the same order.
   *
   * @param tasks how many tasks
   * @param rank this task's index
   * @param control the sum of a small vector per step: stop requests, task 0's checkpoint decision
   * @param facts each task's start-up facts (fingerprints, steps), every task filling its own n
   *     slots of a [tasks * n] vector with zeros elsewhere: the sum is every task's facts
   * @param stateLength with {@code state}, task 0's bytes sent to every task: their length ...
   * @param state ... and the bytes, one per element (the others feed zeros)
   * @param broadcast sets every variable (weights, optimizer slots, step counter) to task 0's value
   */
  public record Sync(
      int tasks, int rank, FedSum control, FedSum facts, FedSum stateLength, FedSum state, Op broadcast) {}

  public ModelSpec spec() {
    return spec;
  }

  public CompileOptions options() {
    return options;
  }

  /** The graph, for exporters and tools; model code feeds and fetches through the handles. */
  public Graph graph() {
    return graph;
  }

  /** Number of trainable scalars (optimizer slots and the step counter not included). */
  public long parameterCount() {
    return parameterCount;
  }

  /** Names of the trainable variables, in the order the optimizer updates them. */
  public ImmutableList<String> variables() {
    return variables.keySet().asList();
  }

  /** The int64 step counter variable. */
  public Output<TInt64> globalStep() {
    return globalStep;
  }

  public Inference inference() {
    return inference;
  }

  /** The declared objectives and heads, in the spec's order (empty in inference mode). */
  public ImmutableList<CompiledObjective> objectives() {
    return objectives;
  }

  /**
   * The optimizer step of {@code kind}'s objectives ({@code training.mix}), or of every objective
   * when {@code kind} is null or the spec has no mix.
   *
   * @throws IllegalStateException in inference mode, or when no objective trains on {@code kind}
   */
  public TrainStep trainStep(@Nullable DataKind kind) {
    if (all != null) {
      return all;
    }
    TrainStep step = kind == null ? null : byKind.get(kind);
    if (step == null) {
      throw new IllegalStateException(
          options.mode() == CompileOptions.Mode.INFERENCE
              ? "an inference graph has no train step"
              : "no objective trains on " + kind + " data");
    }
    return step;
  }

  /** The kinds of data the spec's objectives train on. */
  public List<DataKind> dataKinds() {
    return objectives.stream().map(CompiledObjective::data).distinct().toList();
  }

  /** In a data-parallel run, what this task agrees on with the others; else empty. */
  public Optional<Sync> sync() {
    return Optional.ofNullable(sync);
  }

  /** The head named {@code name}'s prediction outputs, if the spec declares it. */
  public Optional<Head.Prediction> head(String name) {
    return Optional.ofNullable(inference.heads().get(name));
  }

  /** The trainable variable {@code path}'s handle, for {@link LiveModel#load}. */
  Optional<Output<TFloat32>> variable(String path) {
    return Optional.ofNullable(variables.get(path));
  }

  /**
   * A new session configured from the spec's compile section (threads, XLA), for {@link
   * LiveModel#open}: outside this package nothing holds a session.
   */
  Session newSession() {
    return new Session(graph, SessionConfigs.of(spec.compile()));
  }

  @Override
  public void close() {
    graph.close();
  }
}
