package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.CompileSpec;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Precision;
import org.tensorflow.GraphOperation;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;
import org.unimo.graph.distributed.Collectives;
import org.unimo.graph.distributed.DataParallel;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.optimizer.Adam;

/**
 * Compiles a {@link ModelSpec} into a {@link CompiledModel}: the shared encoder and inputs, the
 * inference outputs, then every declared objective and head from the options' registry, each in its
 * own name scope, their weighted losses summed per kind of data, and Adam.
 *
 * <pre>{@code
 * try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training())) {
 *   for (CompiledModel.CompiledObjective o : model.objectives()) { ... }
 * }
 * }</pre>
 */
public final class ModelCompiler {
  private ModelCompiler() {}

  /**
   * @throws IllegalArgumentException if the spec declares an objective no registered type handles,
   *     naming its section
   */
  public static CompiledModel compile(ModelSpec spec, CompileOptions options) {
    Graph graph = new Graph();
    try {
      return new Build(spec, options, graph).run();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** One compilation: the graph under construction and what it needs along the way. */
  private static final class Build {
    private final ModelSpec spec;
    private final CompileOptions options;
    private final Graph graph;
    private final Ops tf;
    private final Params params;
    private final Output<TInt64> step;
    /** With gradient accumulation, the micro-batch index fed each run (it keys dropout), else null. */
    private final @Nullable Output<TInt64> microBatch;
    private final UnifiedEncoder encoder;
    private final Map<String, Object> shared = new HashMap<>();
    /** In a data-parallel training graph, this task's collectives (instance keys in build order); else null. */
    private final @Nullable Collectives collectives;

    Build(ModelSpec spec, CompileOptions options, Graph graph) {
      this.spec = spec;
      this.options = options;
      this.graph = graph;
      Ops root = Ops.create(graph);
      this.tf = options.device() == null ? root : root.withDevice(options.device());
      this.params = new Params(tf, spec.seed(), spec.encoder().initializerRange());
      this.step = params.counter(Names.GLOBAL_STEP);
      int microBatches = spec.training().accumulationSteps();
      Operand<TInt64> dropoutStep = step;
      if (microBatches > 1 && options.mode() == CompileOptions.Mode.TRAINING) {
        // Each micro-batch of a step draws its own dropout masks: keyed on step * K + index.
        this.microBatch =
            tf.withSubScope("train").withName("micro_batch").placeholderWithDefault(tf.constant(0L), Shape.scalar()).output();
        dropoutStep = tf.math.add(tf.math.mul(step, tf.constant((long) microBatches)), microBatch);
      } else {
        this.microBatch = null;
      }
      Layers layers =
          new Layers(params, spec.seed(), dropoutStep, spec.compile().precision(), spec.encoder().layerNormEpsilon());
      this.encoder = new UnifiedEncoder(spec, layers);
      DataParallel replica = options.dataParallel();
      this.collectives =
          replica == null || options.mode() != CompileOptions.Mode.TRAINING ? null : replica.collectives();
    }

    CompiledModel run() {
      List<Objective> declared = options.objectives().create(spec);
      TextInputs text = TextInputs.placeholders(tf.withSubScope("text"), spec.text().maxLength());
      ImageInputs image = spec.image().map(i -> ImageInputs.placeholders(tf.withSubScope("image"), i)).orElse(null);
      PairInputs pairs = new PairInputs(text, image);

      // Inference outputs first: every new name scope scans the graph built so far, and the
      // training graph (with its gradients) is several times larger.
      Ops embedText = tf.withSubScope("embed_text");
      Operand<TFloat32> textSequence =
          embedText.withName("sequence").identity(encoder.encodeText(embedText, text.tokenIds(), text.mask(), false));
      Operand<TFloat32> textEmbedding = encoder.embedTextVector(embedText, textSequence, text.mask());
      Operand<TFloat32> imageEmbedding = null;
      Operand<TFloat32> scores = null;
      if (image != null) {
        imageEmbedding = encoder.embedImageVector(tf.withSubScope("embed_image"), image, false);
        scores =
            tf.withSubScope("score")
                .withName("scores")
                .linalg
                .matMul(textEmbedding, imageEmbedding, MatMul.transposeB(true));
      }
      Map<String, Head.Prediction> predictions = new LinkedHashMap<>();
      for (Objective objective : declared) {
        if (objective instanceof Head head) {
          predictions.put(
              head.spec().name(), head.predict(new ObjectiveGraph(spec, tf, "predict_" + head.spec().name(), encoder, pairs, shared)));
        }
      }
      CompiledModel.Inference inference =
          new CompiledModel.Inference(pairs, textSequence, textEmbedding, imageEmbedding, scores, predictions);
      List<CompiledModel.CompiledObjective> objectives = new ArrayList<>();
      Map<DataKind, CompiledModel.TrainStep> steps = new EnumMap<>(DataKind.class);
      CompiledModel.TrainStep all = null;
      if (options.mode() == CompileOptions.Mode.TRAINING) {
        for (Objective objective : declared) {
          objectives.add(build(objective, pairs));
        }
        Adam.Builder adam = optimizer();
        if (spec.training().mix().isEmpty()) {
          all = trainStep(adam, objectives, "");
        } else {
          // One train op per kind of data, each over that kind's objectives only.
          for (DataKind kind : DataKind.values()) {
            List<CompiledModel.CompiledObjective> ofKind =
                objectives.stream().filter(o -> o.data() == kind).toList();
            if (!ofKind.isEmpty()) {
              steps.put(kind, trainStep(adam, ofKind, "_" + kind.id()));
            }
          }
        }
      }
      return new CompiledModel(
          spec,
          options,
          graph,
          params.count(),
          params.all(),
          step,
          inference,
          ImmutableList.copyOf(objectives),
          all,
          steps,
          collectives == null ? null : sync());
    }

    /** A training objective's graph: with candidates gathered across tasks when the replica asks. */
    private ObjectiveGraph graphFor(String scope, PairInputs pairs) {
      DataParallel replica = options.dataParallel();
      Collectives across = replica != null && replica.gatherCandidates() ? collectives : null;
      return new ObjectiveGraph(spec, tf, scope, encoder, pairs, shared, across);
    }

    /** One objective in its scope: its inputs, head and loss, then {@code weighted_loss}. */
    private CompiledModel.CompiledObjective build(Objective objective, PairInputs pairs) {
      String name = objective.spec().name();
      ObjectiveGraph objectiveGraph = graphFor(name, pairs);
      Objective.Compiled compiled = objective.build(objectiveGraph);
      Ops scope = objectiveGraph.scope();
      Operand<TFloat32> weighted =
          scope.withName("weighted_loss").math.mul(compiled.loss(), scope.constant(objective.spec().weight()));
      return new CompiledModel.CompiledObjective(objective, compiled, weighted);
    }

    private Adam.Builder optimizer() {
      CompileSpec compile = spec.compile();
      Adam.LossScaling scaling =
          compile.precision() == Precision.FP16
              ? new Adam.LossScaling(compile.initialLossScale(), compile.lossScaleGrowthInterval())
              : null;
      Adam.Builder adam =
          new Adam.Builder(tf, params, step, spec.optimizer(), spec.training().steps(), spec.encoder().layers(), scaling);
      return collectives == null ? adam : adam.summingAcross(collectives);
    }

    /**
     * {@code loss/total{suffix}} over {@code objectives} and the train op minimizing it; when the
     * batch runs in shares (gradient accumulation's micro-batches, a data-parallel run's tasks),
     * also what the shares need ({@link CompiledModel.Shares}).
     *
     * <p>In shares, an objective whose loss is a {@link Losses#weightedMean} has its denominator fed
     * with the global batch's, so its shares' losses add up to the global batch's loss; any other
     * loss is taken to be a mean over its share, and enters the share's total divided by the number
     * of shares. Either way the shares' gradients add up to the global batch's.
     */
    private CompiledModel.TrainStep trainStep(
        Adam.Builder adam, List<CompiledModel.CompiledObjective> objectives, String suffix) {
      int microBatches = microBatch == null ? 1 : spec.training().accumulationSteps();
      int tasks = collectives == null ? 1 : collectives.groupSize();
      int shares = microBatches * tasks;
      List<String> summed = new ArrayList<>();
      List<Operand<TFloat32>> weighted = new ArrayList<>();
      for (CompiledModel.CompiledObjective objective : objectives) {
        if (shares == 1 || !Denominators.of(graph, objective.loss()).isEmpty()) {
          summed.add(objective.name());
          weighted.add(objective.weightedLoss());
        } else {
          weighted.add(tf.math.div(objective.weightedLoss(), tf.constant((float) shares)));
        }
      }
      Operand<TFloat32> total = tf.withSubScope("loss").withName("total" + suffix).math.addN(weighted);
      Adam.Step step = adam.minimize(total, suffix, microBatches > 1);
      CompiledModel.Shares split = null;
      if (shares > 1) {
        split =
            new CompiledModel.Shares(
                microBatches,
                tasks,
                step.accumulate(),
                microBatch,
                Denominators.of(graph, total),
                summed,
                tasks > 1 ? fedSum("weight_sums" + suffix) : null,
                tasks > 1 ? fedSum("reported" + suffix) : null);
      }
      return new CompiledModel.TrainStep(
          step.train(),
          total,
          step.learningRate(),
          step.gradientNorm(),
          step.lossScale(),
          step.skipped(),
          objectives,
          split);
    }

    /** {@code sync/NAME/input} [-1] float64, summed over the tasks into {@code sync/NAME/sum}. */
    private CompiledModel.FedSum fedSum(String name) {
      Ops scope = tf.withSubScope("sync").withSubScope(name);
      Output<TFloat64> input = scope.withName("input").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1))).output();
      Operand<TFloat64> sum = requireNonNull(collectives).allReduce(scope, input, Collectives.Reduction.SUM);
      return new CompiledModel.FedSum(input, scope.withName("sum").identity(sum).output());
    }

    /**
     * The tasks' agreements outside the train step ({@link CompiledModel.Sync}), built last: the
     * broadcast covers every variable, the optimizer's slots included. Variables are visited in
     * name order, so every task builds the same collectives in the same order.
     */
    private CompiledModel.Sync sync() {
      Collectives group = requireNonNull(collectives);
      CompiledModel.FedSum control = fedSum("control");
      CompiledModel.FedSum facts = fedSum("facts");
      CompiledModel.FedSum stateLength = fedSum("state_length");
      CompiledModel.FedSum state = fedSum("state");
      Ops scope = tf.withSubScope("sync").withSubScope("broadcast");
      java.util.TreeMap<String, GraphOperation> variables = new java.util.TreeMap<>();
      graph.operations().forEachRemaining(op -> {
        if (op.type().equals("VariableV2")) {
          variables.put(op.name(), (GraphOperation) op);
        }
      });
      List<Op> assigns = new ArrayList<>();
      for (GraphOperation variable : variables.values()) {
        assigns.add(broadcast(scope, group, variable.output(0)));
      }
      Op broadcast = scope.withControlDependencies(assigns).withName("all").noOp();
      return new CompiledModel.Sync(group.groupSize(), group.rank(), control, facts, stateLength, state, broadcast);
    }

    /**
     * Sets {@code variable} to task 0's value: the sum over the tasks of task 0's value and the
     * others' zeros (an all-reduce: the collective the runtime is known to run from TF Java). The
     * int64 step counter travels as float64, exact below 2^53.
     */
    @SuppressWarnings("unchecked")
    private Op broadcast(Ops scope, Collectives group, Output<?> variable) {
      boolean leader = group.rank() == 0;
      if (variable.type() == TInt64.class) {
        Output<TInt64> counter = (Output<TInt64>) variable;
        Operand<TFloat64> value = scope.dtypes.cast(leader ? counter : scope.zerosLike(counter), TFloat64.class);
        return scope.assign(counter, scope.dtypes.cast(group.allReduce(scope, value, Collectives.Reduction.SUM), TInt64.class));
      }
      Output<TFloat32> weights = (Output<TFloat32>) variable;
      Operand<TFloat32> value = leader ? weights : scope.zerosLike(weights);
      return scope.assign(weights, group.allReduce(scope, value, Collectives.Reduction.SUM));
    }
  }
}
