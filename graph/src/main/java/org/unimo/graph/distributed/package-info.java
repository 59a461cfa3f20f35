/**
 * Data-parallel training on TensorFlow's own distributed runtime (between-graph replication): a
 * {@link org.unimo.graph.distributed.Cluster} names the tasks, a {@link
 * org.unimo.graph.distributed.TaskServer} starts this task's gRPC server and opens sessions on it,
 * and {@link org.unimo.graph.distributed.Collectives} builds the all-reduce and the differentiable
 * all-gather that make N tasks train like one process on the whole batch.
 *
 * <p>TensorFlow's server listens on all interfaces with no authentication: a cluster belongs on a
 * private network.
 *
 * <p>The pieces are proven by tests (two tasks on loopback train a small model to the variables of
 * one process on the whole batch) but not yet wired into {@code unimo pretrain}: the training loop,
 * the losses' cross-task denominators, the split of the global batch and the launcher are to come.
 */
@NullMarked
package org.unimo.graph.distributed;

import org.jspecify.annotations.NullMarked;
