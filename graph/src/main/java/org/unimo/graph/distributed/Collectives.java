package org.unimo.graph.distributed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/**
 * Collective ops across the tasks of a {@link Cluster}, for between-graph data parallelism: every
 * task builds the same graph, and each collective here meets its counterparts on the other tasks.
 *
 * <pre>{@code
 * Collectives collectives = Collectives.of(cluster, Duration.ofSeconds(60));
 * List<Operand<TFloat32>> averaged = collectives.allReduce(tf, gradients, Reduction.MEAN);
 * Operand<TFloat32> everyone = collectives.allGather(tf, embeddings);   // [tasks * n, d]
 * }</pre>
 *
 * <p>The ops are TensorFlow's {@code CollectiveReduceV2} and {@code CollectiveGatherV2}, built by
 * name: TF Java's {@code tf.collective.reduce} is {@code CollectiveReduceV3}, which needs a
 * communicator and crashed the JVM (SIGSEGV) in session mode.
 *
 * <p>Collectives are matched across tasks by instance key, which this object hands out in the
 * order ops are built: one instance per graph, and every task must build the same collectives in
 * the same order (the same code on the same spec does). Each collective fails with
 * DEADLINE_EXCEEDED when the group has not completed it within the timeout, so a task that never
 * joins is an error, not a hang; the timeout must cover the slowest task's arrival, first step
 * (graph optimization and compilation) included.
 *
 * <p>Two limits found on TensorFlow 2.18: a server remembers what it resolved about each instance
 * key (its shape, for one), so a second graph on the same servers whose collective of the same key
 * has another shape fails ("Shape mismatch in the collective instance"): one training graph per
 * task process, or new servers; and an all-reduce of an empty tensor crashes the process (SIGSEGV
 * in the ring reducer), so callers skip empty ones.
 *
 * <p>All-gather has a gradient (TensorFlow has none): the incoming gradient of the gathered
 * tensor summed across the tasks, this task's rows kept. With every task's loss its share of the
 * global batch's loss and gradients then summed with {@link Reduction#SUM} (or, equivalently, each
 * task's loss the mean over its rows and gradients averaged with {@link Reduction#MEAN}), N tasks
 * compute the gradients of one process on the whole batch.
 */
public final class Collectives {
  /** How an all-reduce combines the tasks' tensors. */
  public enum Reduction {
    /** The element-wise sum over the tasks. */
    SUM("Id"),
    /** The element-wise sum divided by the number of tasks. */
    MEAN("Div");

    private final String finalOp;

    Reduction(String finalOp) {
      this.finalOp = finalOp;
    }
  }

  static final String REDUCE = "CollectiveReduceV2";
  static final String GATHER = "CollectiveGatherV2";
  /** Internal attrs (TensorFlow accepts any attr whose name starts with "_") read by the gradient. */
  private static final String RANK_ATTR = "_unimo_rank";
  private static final String GRADIENT_KEY_ATTR = "_unimo_gradient_instance_key";

  static {
    // false when a gradient is already registered (TensorFlow's own, should a release add one).
    TensorFlow.registerCustomGradient(GATHER, Collectives::gatherGradient);
  }

  private final int groupSize;
  private final int rank;
  private final int groupKey;
  private final float timeoutSeconds;
  private int nextInstanceKey = 1;

  private Collectives(int groupSize, int rank, int groupKey, float timeoutSeconds) {
    this.groupSize = groupSize;
    this.rank = rank;
    this.groupKey = groupKey;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Collectives over every task of {@code cluster}, group key 1, this task's rank its index. */
  public static Collectives of(Cluster cluster, Duration timeout) {
    return of(cluster.size(), cluster.task(), 1, timeout);
  }

  /**
   * Collectives over a group of {@code groupSize} tasks in which this one is {@code rank} (the
   * order of an all-gather's blocks: TensorFlow orders a group's members by device name, so task
   * index on a one-device-per-task cluster).
   *
   * @throws IllegalArgumentException if the rank is outside the group or the timeout not positive
   */
  public static Collectives of(int groupSize, int rank, int groupKey, Duration timeout) {
    if (groupSize < 1 || rank < 0 || rank >= groupSize) {
      throw new IllegalArgumentException("rank " + rank + " is not in a group of " + groupSize);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "collective timeout " + timeout + " must be positive (zero would wait forever for a missing task)");
    }
    return new Collectives(groupSize, rank, groupKey, timeout.toMillis() / 1000f);
  }

  /** How many tasks each collective spans. */
  public int groupSize() {
    return groupSize;
  }

  /** This task's place in the group. */
  public int rank() {
    return rank;
  }

  /**
   * {@code value} reduced element-wise over the tasks; every task gets the result.
   *
   * @param value the same shape on every task
   */
  public <T extends TNumber> Operand<T> allReduce(Ops tf, Operand<T> value, Reduction reduction) {
    return reduce(tf, value.asOutput(), reduction, nextInstanceKey++);
  }

  /** {@link #allReduce(Ops, Operand, Reduction)} of each value, one collective each. */
  public <T extends TNumber> List<Operand<T>> allReduce(
      Ops tf, List<? extends Operand<T>> values, Reduction reduction) {
    List<Operand<T>> reduced = new ArrayList<>(values.size());
    for (Operand<T> value : values) {
      reduced.add(allReduce(tf, value, reduction));
    }
    return reduced;
  }

  /**
   * The tasks' {@code value}s concatenated along axis 0 in rank order: [n, ...] on each task gives
   * [groupSize * n, ...]. Differentiable (see the class comment); for the gradient, every task's
   * {@code value} has the same first dimension.
   */
  public <T extends TNumber> Operand<T> allGather(Ops tf, Operand<T> value) {
    int instanceKey = nextInstanceKey++;
    int gradientKey = nextInstanceKey++;
    OperationBuilder gather = tf.scope().opBuilder(GATHER, "all_gather");
    gather.addInput(value.asOutput());
    gather.addInput(tf.constant(groupSize).asOutput());
    gather.addInput(tf.constant(groupKey).asOutput());
    gather.addInput(tf.constant(instanceKey).asOutput());
    gather.addInputList(new Output<?>[0]);
    gather.setAttr("timeout_seconds", timeoutSeconds);
    gather.setAttr(RANK_ATTR, (long) rank);
    gather.setAttr(GRADIENT_KEY_ATTR, (long) gradientKey);
    return gather.build().output(0);
  }

  private <T extends TType> Operand<T> reduce(Ops tf, Output<T> value, Reduction reduction, int instanceKey) {
    return reduce(tf, value, tf.constant(groupSize), tf.constant(groupKey), instanceKey, reduction, timeoutSeconds);
  }

  private static <T extends TType> Operand<T> reduce(
      Ops tf,
      Output<T> value,
      Operand<TInt32> groupSize,
      Operand<TInt32> groupKey,
      int instanceKey,
      Reduction reduction,
      float timeoutSeconds) {
    OperationBuilder reduce = tf.scope().opBuilder(REDUCE, "all_reduce");
    reduce.addInput(value);
    reduce.addInput(groupSize.asOutput());
    reduce.addInput(groupKey.asOutput());
    reduce.addInput(tf.constant(instanceKey).asOutput());
    reduce.addInputList(new Output<?>[0]);
    reduce.setAttr("merge_op", "Add");
    reduce.setAttr("final_op", reduction.finalOp);
    reduce.setAttr("timeout_seconds", timeoutSeconds);
    return reduce.build().output(0);
  }

  /**
   * The gradient of an all-gather for this task: the incoming [G * n, ...] gradient summed over
   * the group (each task's loss may use every task's rows), then this task's n rows. The integer
   * inputs get zeros, which flow nowhere.
   */
  private static List<Operand<?>> gatherGradient(Ops tf, GraphOperation gather, List<Output<?>> gradients) {
    int rank = (int) gather.attributes().getAttrInt(RANK_ATTR);
    int gradientKey = (int) gather.attributes().getAttrInt(GRADIENT_KEY_ATTR);
    float timeoutSeconds = gather.attributes().getAttrFloat("timeout_seconds");
    @SuppressWarnings("unchecked")
    Output<TInt32> groupSize = (Output<TInt32>) gather.input(1);
    @SuppressWarnings("unchecked")
    Output<TInt32> groupKey = (Output<TInt32>) gather.input(2);
    Output<?> input = gather.input(0);
    Operand<?> summed = reduce(tf, gradients.get(0), groupSize, groupKey, gradientKey, Reduction.SUM, timeoutSeconds);
    Operand<TInt32> blocks =
        tf.concat(List.of(tf.reshape(groupSize, tf.constant(new int[] {1})), tf.shape(input)), tf.constant(0));
    Operand<?> mine = tf.gather(tf.reshape(summed, blocks), tf.constant(rank), tf.constant(0));
    List<Operand<?>> result = new ArrayList<>();
    result.add(mine);
    for (int i = 1; i < 4; i++) {
      result.add(tf.zerosLike(gather.input(i)));
    }
    return result;
  }
}
