package org.unimo.graph.distributed;

import java.util.ArrayList;
import java.util.List;

/** Clusters of tasks on 127.0.0.1, on ports free at the time of asking. */
public final class LoopbackCluster {
  private LoopbackCluster() {}

  /** A server for every task of a new loopback cluster, in task order. */
  public static List<TaskServer> startAll(int tasks) {
    List<String> addresses = Cluster.freeLoopbackAddresses(tasks);
    List<TaskServer> servers = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      servers.add(TaskServer.start(new Cluster(addresses, i)));
    }
    return servers;
  }
}
