package org.unimo.graph.distributed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Clusters of tasks on 127.0.0.1, on ports free at the time of asking. */
public final class LoopbackCluster {
  private LoopbackCluster() {}

  /**
   * {@code tasks} addresses {@code 127.0.0.1:PORT}, each port found by binding port 0 (on all
   * interfaces, where TensorFlow's server will listen); the sockets stay open until every port is
   * chosen, so the ports differ.
   */
  public static List<String> addresses(int tasks) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
        sockets.add(socket);
        addresses.add("127.0.0.1:" + socket.getLocalPort());
      }
      return addresses;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /** A server for every task of a new loopback cluster, in task order. */
  public static List<TaskServer> startAll(int tasks) {
    List<String> addresses = addresses(tasks);
    List<TaskServer> servers = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      servers.add(TaskServer.start(new Cluster(addresses, i)));
    }
    return servers;
  }
}
