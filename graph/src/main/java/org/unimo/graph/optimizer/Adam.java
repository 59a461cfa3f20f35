package org.unimo.graph.optimizer;

import org.unimo.graph.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.jspecify.annotations.Nullable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.OptimizerSpec;

/**
 * Adam from core ops ({@code ApplyAdam}), with global-norm clipping and a warmup + linear decay
 * schedule computed in the graph from the global step.
 *
 * <p>With a {@link LossScaling}, the step multiplies the loss by a scale variable before
 * differentiation and divides the gradients by it. If any gradient is not finite the step is
 * skipped: every variable and Adam slot keeps its value (the update is written out in elementwise
 * ops and each assignment selects the old value), and the scale halves; after {@code
 * growthInterval} finite steps in a row it doubles. The global step advances either way, so the
 * learning-rate schedule follows the step count.
 *
 * <p>Every update waits, through a control dependency, for every gradient of the step: otherwise
 * an {@code ApplyAdam} may run while another gradient still reads the variable it writes, and two
 * processes with the same seed diverge from the first step.
 */
public final class Adam {
  private Adam() {}

  /**
   * The step op and its outputs worth reporting; with loss scaling also the scale the step used
   * and whether it was skipped (1) or not (0), else null.
   */
  public record Step(
      Op train,
      Operand<TFloat32> learningRate,
      Operand<TFloat32> gradientNorm,
      @Nullable Operand<TFloat32> lossScale,
      @Nullable Operand<TFloat32> skipped,
      @Nullable Accumulate accumulate) {}

  /**
   * The ops of gradient accumulation: one session run per micro-batch runs {@code first} (the first
   * micro-batch: its gradients replace the accumulators' contents) or {@code next} (adds them); the
   * train op then updates from the accumulated gradients and needs no feeds.
   */
  public record Accumulate(Op first, Op next) {}

  /** Dynamic loss scaling (FP16): the first scale and how many finite steps double it. */
  public record LossScaling(float initial, int growthInterval) {}

  /**
   * Shared optimizer state for several train ops over the same variables (one per data kind):
   * one learning-rate schedule, one pair of Adam slots per variable, one step counter.
   */
  public static final class Builder {
    private final Ops tf;
    private final Ops opt;
    private final Ops train;
    private final Params params;
    private final Output<TInt64> step;
    private final OptimizerSpec config;
    private final Operand<TFloat32> lr;
    private final Operand<TFloat32> beta1;
    private final Operand<TFloat32> beta2;
    private final Operand<TFloat32> beta1Power;
    private final Operand<TFloat32> beta2Power;
    private final Operand<TFloat32> epsilon;
    private final @Nullable LossScaling scaling;
    /** The encoder's layer count, for layer-wise learning-rate decay. */
    private final int layers;
    /** The learning rate scaled for each depth that has a variable (layer-wise decay), built once. */
    private final Map<Integer, Operand<TFloat32>> scaledRates = new java.util.HashMap<>();
    private final @Nullable Output<TFloat32> lossScale;
    private final @Nullable Output<TFloat32> finiteSteps;
    /** The last minimize's "step skipped" flag (loss scaling only). */
    private @Nullable Operand<TFloat32> skipped;
    /** In a data-parallel run, what sums the tasks' gradients; else null. */
    private org.unimo.graph.distributed.@Nullable Collectives acrossTasks;

    public Builder(
        Ops tf,
        Params params,
        Output<TInt64> step,
        OptimizerSpec config,
        int totalSteps,
        int layers,
        @Nullable LossScaling scaling) {
      this.tf = tf;
      this.layers = layers;
      this.opt = tf.withSubScope("optimizer");
      this.train = tf.withSubScope("train");
      this.params = params;
      this.step = step;
      this.config = config;
      Operand<TFloat32> t = opt.math.add(opt.dtypes.cast(step, TFloat32.class), opt.constant(1f));
      this.lr = opt.withName("learning_rate").identity(schedule(opt, t, config, totalSteps));
      this.beta1 = opt.constant(config.beta1());
      this.beta2 = opt.constant(config.beta2());
      this.beta1Power = opt.math.pow(beta1, t);
      this.beta2Power = opt.math.pow(beta2, t);
      this.epsilon = opt.constant(config.epsilon());
      this.scaling = scaling;
      this.lossScale = scaling == null ? null : params.scalar("optimizer/loss_scale", scaling.initial());
      this.finiteSteps = scaling == null ? null : params.scalar("optimizer/finite_steps", 0f);
    }

    /**
     * In one task of a data-parallel run: every train op sums the tasks' gradients (each task's
     * loss is its share of the global batch's) with one all-reduce before the norm is taken,
     * clipping applied and the variables updated, so every task applies the same update.
     */
    public Builder summingAcross(org.unimo.graph.distributed.Collectives collectives) {
      this.acrossTasks = collectives;
      return this;
    }

    /**
     * A train op {@code train/step{suffix}} that minimizes {@code loss}, updating only the
     * variables the loss depends on, and its gradient norm {@code
     * optimizer/gradient_norm{suffix}}.
     */
    public Step minimize(Operand<TFloat32> loss, String suffix) {
      return minimize(loss, suffix, false);
    }

    /**
     * As {@link #minimize(Operand, String)}; with {@code accumulate}, the gradients of {@code loss}
     * go to one accumulator per variable ({@code VARIABLE/accumulated}) through the ops of {@link
     * Step#accumulate}, and the train op clips and applies the accumulated sums. The accumulators
     * hold the step's sum between micro-batches only: a checkpoint, taken between steps, saves
     * what they held last, which the next step's first micro-batch overwrites.
     */
    public Step minimize(Operand<TFloat32> loss, String suffix, boolean accumulate) {
      Graph graph = (Graph) tf.scope().env();
      java.util.Set<org.tensorflow.GraphOperation> needed = graph.subgraphTo(java.util.Set.of(loss));
      Map<String, Output<TFloat32>> variables = new java.util.LinkedHashMap<>();
      params.all().forEach((name, v) -> {
        if (needed.contains(v.op())) {
          variables.put(name, v);
        }
      });
      List<Output<TFloat32>> vars = new ArrayList<>(variables.values());
      Operand<TFloat32> scale =
          lossScale == null ? null : opt.withName("loss_scale_used" + suffix).snapshot(lossScale);
      Operand<TFloat32> differentiated = scale == null ? loss : opt.math.mul(loss, scale);
      Gradients gradients = opt.withSubScope("gradients" + suffix).gradients(differentiated, vars);

      List<Operand<TFloat32>> grads = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        Operand<TFloat32> g = gradients.<TFloat32>dy(i);
        grads.add(scale == null ? g : opt.math.div(g, scale));
      }
      Accumulate accumulation = null;
      if (accumulate) {
        List<Op> firsts = new ArrayList<>();
        List<Op> nexts = new ArrayList<>();
        int a = 0;
        for (Map.Entry<String, Output<TFloat32>> entry : variables.entrySet()) {
          Output<TFloat32> sum = params.slot(entry.getKey() + "/accumulated", entry.getValue().shape());
          Operand<TFloat32> g = grads.get(a);
          firsts.add(opt.assign(sum, g));
          nexts.add(opt.assignAdd(sum, g));
          grads.set(a++, sum);
        }
        accumulation =
            new Accumulate(
                train.withControlDependencies(firsts).withName("accumulate_first" + suffix).noOp(),
                train.withControlDependencies(nexts).withName("accumulate" + suffix).noOp());
      }
      if (acrossTasks != null) {
        grads = sumAcrossTasks(opt.withSubScope("all_reduce" + suffix), acrossTasks, grads);
      }
      List<Operand<TFloat32>> squares = new ArrayList<>();
      for (Operand<TFloat32> g : grads) {
        squares.add(opt.reduceSum(opt.math.square(g), opt.range(opt.constant(0), opt.rank(g), opt.constant(1))));
      }
      Operand<TFloat32> norm = opt.withName("gradient_norm" + suffix).math.sqrt(opt.math.addN(squares));
      if (config.clipNorm() > 0) {
        Operand<TFloat32> clip = opt.constant(config.clipNorm());
        Operand<TFloat32> shrink = opt.math.div(clip, opt.math.maximum(norm, clip));
        grads.replaceAll(g -> opt.math.mul(g, shrink));
      }

      // The gate: no update starts before every gradient (and the norm) is computed.
      Op gate = opt.withControlDependencies(identities(opt, grads, norm)).withName("gate" + suffix).noOp();
      Ops gated = opt.withControlDependencies(List.of(gate));

      List<Op> updates = new ArrayList<>();
      Operand<TBool> finite = null;
      if (scale != null) {
        finite = opt.math.isFinite(norm);
        updates.addAll(updateScale(gated, scale, finite, suffix));
      }
      int i = 0;
      for (Map.Entry<String, Output<TFloat32>> entry : variables.entrySet()) {
        Output<TFloat32> var = entry.getValue();
        Output<TFloat32> m = params.slot(entry.getKey() + "/adam_m", var.shape());
        Output<TFloat32> v = params.slot(entry.getKey() + "/adam_v", var.shape());
        Operand<TFloat32> g = grads.get(i++);
        Operand<TFloat32> rate = rate(entry.getKey());
        boolean decayed = config.weightDecay() > 0 && decays(var);
        if (finite == null) {
          Ops adam = gated;
          if (decayed) {
            // AdamW as torch.optim.AdamW: the decay first, from the old value, then Adam's update.
            Op decay = gated.assign(var, gated.math.mul(var, keep(gated, rate)));
            adam = gated.withControlDependencies(List.of(decay));
          }
          updates.add(adam.train.applyAdam(var, m, v, beta1Power, beta2Power, rate, beta1, beta2, epsilon, g));
        } else {
          updates.addAll(skippableAdam(gated, var, m, v, g, finite, rate, decayed));
        }
      }
      Op increment = tf.withControlDependencies(updates).assignAdd(step, tf.constant(1L));
      Op op = train.withControlDependencies(List.of(increment)).withName("step" + suffix).noOp();
      return new Step(op, lr, norm, scale, skipped, accumulation);
    }

    /**
     * The scale's next value and the finite-step count: halve (not below 1) and reset on a
     * non-finite step, double after {@code growthInterval} finite steps in a row. Also names
     * {@code optimizer/step_skipped{suffix}}.
     */
    private List<Op> updateScale(Ops gated, Operand<TFloat32> scale, Operand<TBool> finite, String suffix) {
      LossScaling s = java.util.Objects.requireNonNull(scaling);
      Output<TFloat32> count = java.util.Objects.requireNonNull(finiteSteps);
      skipped = opt.withName("step_skipped" + suffix).select(finite, opt.constant(0f), opt.constant(1f));
      Operand<TFloat32> counted = gated.select(finite, gated.math.add(count, gated.constant(1f)), gated.constant(0f));
      Operand<TBool> grow = gated.math.greaterEqual(counted, gated.constant((float) s.growthInterval()));
      Operand<TFloat32> next =
          gated.select(
              finite,
              gated.select(grow, gated.math.mul(scale, gated.constant(2f)), scale),
              gated.math.maximum(gated.math.mul(scale, gated.constant(0.5f)), gated.constant(1f)));
      Output<TFloat32> scaleVariable = java.util.Objects.requireNonNull(lossScale);
      return List.of(
          gated.assign(scaleVariable, next),
          gated.assign(count, gated.select(grow, gated.constant(0f), counted)));
    }

    /**
     * Adam's update written out (as {@code ApplyAdam} computes it) so that a non-finite step can
     * keep every old value: each assignment selects the new value only when {@code finite}.
     */
    private List<Op> skippableAdam(
        Ops gated,
        Output<TFloat32> var,
        Output<TFloat32> m,
        Output<TFloat32> v,
        Operand<TFloat32> g,
        Operand<TBool> finite,
        Operand<TFloat32> lr,
        boolean decayed) {
      Operand<TFloat32> one = gated.constant(1f);
      Operand<TFloat32> m1 = gated.math.add(gated.math.mul(beta1, m), gated.math.mul(gated.math.sub(one, beta1), g));
      Operand<TFloat32> v1 =
          gated.math.add(gated.math.mul(beta2, v), gated.math.mul(gated.math.sub(one, beta2), gated.math.square(g)));
      Operand<TFloat32> rate =
          gated.math.div(
              gated.math.mul(lr, gated.math.sqrt(gated.math.sub(one, beta2Power))), gated.math.sub(one, beta1Power));
      Operand<TFloat32> start = decayed ? gated.math.mul(var, keep(gated, lr)) : var;
      Operand<TFloat32> var1 =
          gated.math.sub(
              start, gated.math.mul(rate, gated.math.div(m1, gated.math.add(gated.math.sqrt(v1), epsilon))));
      return List.of(
          gated.assign(var, gated.select(finite, var1, var)),
          gated.assign(m, gated.select(finite, m1, m)),
          gated.assign(v, gated.select(finite, v1, v)));
    }

    /** {@code 1 - rate * weight_decay}: what AdamW keeps of a decayed variable each step. */
    private Operand<TFloat32> keep(Ops ops, Operand<TFloat32> rate) {
      return ops.math.sub(ops.constant(1f), ops.math.mul(rate, ops.constant(config.weightDecay())));
    }

    /**
     * The learning rate of variable {@code name}: the schedule's, times the layer-wise decay of its
     * depth ({@link OptimizerSpec#rateScale}): {@code embeddings/...} at depth 0, {@code
     * encoder/layer_N/...} at N + 1, everything else (pooler, heads) above the layers.
     */
    private Operand<TFloat32> rate(String name) {
      if (config.layerDecay() == 1f) {
        return lr;
      }
      return scaledRates.computeIfAbsent(
          depth(name, layers), d -> opt.math.mul(lr, opt.constant((float) config.rateScale(d, layers))));
    }
  }

  /** A variable's depth for layer-wise decay: 0 the embeddings, N + 1 layer N, {@code layers + 1} above. */
  public static int depth(String name, int layers) {
    if (name.startsWith("embeddings/")) {
      return 0;
    }
    java.util.regex.Matcher layer = LAYER.matcher(name);
    return layer.lookingAt() ? Integer.parseInt(layer.group(1)) + 1 : layers + 1;
  }

  private static final java.util.regex.Pattern LAYER = java.util.regex.Pattern.compile("encoder/layer_(\\d+)/");

  /**
   * Whether AdamW decays {@code variable}: matrices and embedding tables (rank 2 and up), not
   * biases, LayerNorm scales and offsets or scalars, as BERT's and most fine-tuning recipes do.
   */
  static boolean decays(Output<TFloat32> variable) {
    return variable.shape().numDimensions() >= 2;
  }

  private static List<Op> identities(Ops tf, List<Operand<TFloat32>> grads, Operand<TFloat32> norm) {
    List<Op> ops = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      ops.add(tf.identity(g));
    }
    ops.add(tf.identity(norm));
    return ops;
  }

  /**
   * The gradients summed over the tasks: flattened into one vector, all-reduced once (one
   * collective a step, not one per variable), and split back into their shapes.
   */
  private static List<Operand<TFloat32>> sumAcrossTasks(
      Ops tf, org.unimo.graph.distributed.Collectives collectives, List<Operand<TFloat32>> grads) {
    List<Operand<TFloat32>> flat = new ArrayList<>();
    List<Operand<org.tensorflow.types.TInt32>> shapes = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      flat.add(tf.reshape(g, tf.constant(new int[] {-1})));
      shapes.add(tf.shape(g));
    }
    Operand<TFloat32> summed =
        collectives.allReduce(
            tf, tf.concat(flat, tf.constant(0)), org.unimo.graph.distributed.Collectives.Reduction.SUM);
    List<Operand<org.tensorflow.types.TInt32>> sizes = new ArrayList<>();
    for (Operand<TFloat32> f : flat) {
      sizes.add(tf.reshape(tf.size(f), tf.constant(new int[] {1})));
    }
    org.tensorflow.op.core.SplitV<TFloat32> parts =
        tf.splitV(summed, tf.concat(sizes, tf.constant(0)), tf.constant(0), (long) grads.size());
    List<Operand<TFloat32>> result = new ArrayList<>();
    for (int i = 0; i < grads.size(); i++) {
      result.add(tf.reshape(parts.output().get(i), shapes.get(i)));
    }
    return result;
  }

  /** Linear warmup to the peak rate, then linear decay to zero at {@code totalSteps} (if on). */
  public static Operand<TFloat32> schedule(Ops tf, Operand<TFloat32> t, OptimizerSpec config, int totalSteps) {
    Operand<TFloat32> rate = tf.constant(config.learningRate());
    int warmup = config.warmup(totalSteps);
    if (warmup > 0) {
      Operand<TFloat32> ramp = tf.math.minimum(tf.constant(1f), tf.math.div(t, tf.constant((float) warmup)));
      rate = tf.math.mul(rate, ramp);
    }
    if (config.linearDecay() && totalSteps > warmup) {
      Operand<TFloat32> remaining =
          tf.math.div(
              tf.math.sub(tf.constant((float) totalSteps), t),
              tf.constant((float) (totalSteps - warmup)));
      Operand<TFloat32> decay =
          tf.math.minimum(tf.constant(1f), tf.math.maximum(tf.constant(0f), remaining));
      rate = tf.math.mul(rate, decay);
    }
    return rate;
  }
}
