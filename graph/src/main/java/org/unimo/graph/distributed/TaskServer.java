package org.unimo.graph.distributed;

import org.tensorflow.Graph;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.TargetedSessions;
import org.tensorflow.proto.ConfigProto;

/**
 * This task's TensorFlow server, started, and the sessions that run a graph on it.
 *
 * <pre>{@code
 * TaskServer server = TaskServer.start(Cluster.parse("127.0.0.1:2222,127.0.0.1:2223", 0));
 * try (Session session = server.openSession(graph, ConfigProto.getDefaultInstance())) {
 *   session.runner().addTarget(train).run();
 * }
 * }</pre>
 *
 * <p><b>Security.</b> TensorFlow's gRPC server listens on all interfaces, whatever host the cluster
 * names for this task, and has no authentication or encryption: anyone who reaches the port can
 * run ops in this process. A cluster belongs on a private network or behind a firewall.
 *
 * <p><b>Lifetime.</b> A started server cannot be stopped: TensorFlow 2.18's {@code
 * TF_ServerStop} answers "Clean shutdown is not currently implemented" (so does {@link
 * Server#close()}, which calls it). The server lives until its process ends; its threads are
 * native and do not keep the JVM alive (seen: a {@code main} that starts one and returns exits, and
 * so does the test JVM with five servers started and sessions run). This class is therefore not
 * {@link AutoCloseable}. When a collective times out TensorFlow logs that it aborts the
 * collective executor ({@code BaseCollectiveExecutor::StartAbort}); whether later collectives on
 * that server recover was not tried, so treat the task as done: end its process, do not retry.
 */
public final class TaskServer {
  private final Cluster cluster;
  private final Server server;

  private TaskServer(Cluster cluster, Server server) {
    this.cluster = cluster;
    this.server = server;
  }

  /**
   * Starts the server of {@code cluster.task()}, listening on the port of {@link
   * Cluster#address()}.
   *
   * @throws org.tensorflow.exceptions.TensorFlowException if TensorFlow cannot start it (the port
   *     is taken, for one)
   */
  public static TaskServer start(Cluster cluster) {
    Server server = new Server(cluster.serverDef());
    server.start();
    return new TaskServer(cluster, server);
  }

  /** The cluster this server is a task of. */
  public Cluster cluster() {
    return cluster;
  }

  /** The underlying server (to {@link Server#join()}, for one). */
  public Server server() {
    return server;
  }

  /**
   * A session running {@code graph} on this task, with {@code base} plus {@link
   * Cluster#sessionConfig}'s collective leader and device filter, and with the graph's
   * initializers already run. Opening it does not contact the other tasks; the first collective
   * does (and fails after its timeout if a task never joins).
   */
  public Session openSession(Graph graph, ConfigProto base) {
    Session session = TargetedSessions.open(graph, cluster.target(), cluster.sessionConfig(base));
    try {
      session.initialize();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }
}
