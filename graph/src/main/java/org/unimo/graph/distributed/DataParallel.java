package org.unimo.graph.distributed;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How one task of a data-parallel run compiles its replica of the training graph: the compile
 * option ({@link org.unimo.graph.CompileOptions#replicated}) that turns a one-process graph into
 * task {@code rank}'s of {@code tasks}, without a change to any objective's code.
 *
 * <p>What changes in the graph: the gradients are summed across the tasks before clipping ({@link
 * Collectives#allReduce}); every loss is this task's share of the global batch's loss (a weighted
 * mean divides by the global weight sum, which the step feeds; any other loss is divided by the
 * number of tasks); with {@code gatherCandidates}, CMCL's in-batch candidates are every task's
 * (an all-gather whose gradient flows back to the task that produced each row); and small fed
 * collectives agree on weight sums, metrics and control flags ({@link
 * org.unimo.graph.CompiledModel.Sync}). The exported SavedModel is compiled separately in
 * inference mode and has no collective.
 *
 * @param tasks how many tasks train together (1: an ordinary one-process graph)
 * @param rank this task's index, 0 to {@code tasks - 1}
 * @param timeout how long a collective waits for every task before it fails with
 *     DEADLINE_EXCEEDED: above the slowest task's first step, graph optimization included
 * @param gatherCandidates CMCL candidates span the global batch (on by default: with it N tasks
 *     compute one process's loss); off, each task contrasts its own slice only
 */
public record DataParallel(int tasks, int rank, Duration timeout, boolean gatherCandidates) {
  /** The collective timeout unless one is given: ten minutes (a large model's first step compiles). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /**
   * @throws IllegalArgumentException if the rank is not one of the tasks or the timeout not positive
   */
  public DataParallel {
    requireNonNull(timeout, "timeout");
    if (tasks < 1 || rank < 0 || rank >= tasks) {
      throw new IllegalArgumentException("task " + rank + " is not one of " + tasks + " tasks (0.." + (tasks - 1) + ")");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("collective timeout " + timeout + " must be positive");
    }
  }

  /** Task {@code cluster.task()} of every task in {@code cluster}, candidates gathered. */
  public static DataParallel of(Cluster cluster, Duration timeout) {
    return new DataParallel(cluster.size(), cluster.task(), timeout, true);
  }

  /** The same with CMCL's candidates gathered across tasks or kept per task. */
  public DataParallel gatheringCandidates(boolean gather) {
    return new DataParallel(tasks, rank, timeout, gather);
  }

  /** The collectives of this task's graph: group key 1, instance keys in build order. */
  public Collectives collectives() {
    return Collectives.of(tasks, rank, 1, timeout);
  }
}
