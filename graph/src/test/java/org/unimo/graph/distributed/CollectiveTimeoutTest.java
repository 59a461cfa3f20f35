package org.unimo.graph.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFUnimplementedException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.unimo.graph.distributed.Collectives.Reduction;

/** A task that never joins makes the others' collectives fail after their timeout, not hang. */
class CollectiveTimeoutTest {
  @Test
  void aCollectiveWhosePeerNeverJoinsFailsAfterItsTimeout() {
    // Task 1's port is free and stays unused: its server is never started.
    TaskServer server = TaskServer.start(new Cluster(Cluster.freeLoopbackAddresses(2), 0));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Collectives collectives = Collectives.of(server.cluster(), Duration.ofSeconds(2));
      Operand<TFloat32> sum = collectives.allReduce(tf, tf.constant(new float[] {1, 2, 3}), Reduction.SUM);
      try (Session session = server.openSession(graph, ConfigProto.getDefaultInstance())) {
        long start = System.nanoTime();

        assertThatThrownBy(() -> session.runner().fetch(sum).run().close())
            .isInstanceOf(TensorFlowException.class)
            .hasMessageContaining("Collective has timed out waiting for other workers");

        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("collective with a missing task failed after %.2f s (timeout 2 s)%n", seconds);
        assertThat(seconds).isBetween(1.5, 30.0);
      }
    }
  }

  /** Why TaskServer is not AutoCloseable: TensorFlow 2.18 refuses to stop a gRPC server. */
  @Test
  void aStartedServerCannotBeStopped() {
    TaskServer server = TaskServer.start(new Cluster(Cluster.freeLoopbackAddresses(1), 0));

    assertThatThrownBy(server.server()::stop)
        .isInstanceOf(TFUnimplementedException.class)
        .hasMessageContaining("Clean shutdown is not currently implemented");
    // Still serving: a session on it runs.
    try (Graph graph = new Graph();
        Session session = server.openSession(graph, ConfigProto.getDefaultInstance())) {
      Ops tf = Ops.create(graph);
      try (var result = session.runner().fetch(tf.constant(3f)).run()) {
        assertThat(((TFloat32) result.get(0)).getFloat()).isEqualTo(3f);
      }
    }
  }
}
