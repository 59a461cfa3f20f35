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
 * <p>{@link org.unimo.graph.distributed.DataParallel} is the compile option that turns the
 * one-process training graph into one task's replica ({@code
 * CompileOptions.training().replicated(...)}); {@code LiveModel.open(model, server)} runs it, and
 * {@code unimo worker} is the command line's task. See docs/distributed.md.
 */
@NullMarked
package org.unimo.graph.distributed;

import org.jspecify.annotations.NullMarked;
