/**
 * Data-parallel training on TensorFlow's own distributed runtime (between-graph replication): a
 * {@link org.unimo.graph.distributed.Cluster} names the tasks, a {@link
 * org.unimo.graph.distributed.TaskServer} starts this task's gRPC server and opens sessions on it,
 * and {@link org.unimo.graph.distributed.Collectives} builds the all-reduce and the differentiable
 * all-gather that make N tasks train like one process on the whole batch.
 *
 * <p>TensorFlow's server listens on all interfaces with no authentication: a cluster belongs on a
 * private network.
 */
@NullMarked
package org.unimo.graph.distributed;

import org.jspecify.annotations.NullMarked;
