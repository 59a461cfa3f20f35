package org.unimo.graph.distributed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;

/**
 * The tasks of a data-parallel run and which one this process is: TensorFlow job {@value #JOB},
 * task {@code i} at {@code addresses().get(i)}.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.parse("10.0.0.1:2222,10.0.0.2:2222", 1);
 * cluster.target();      // grpc://10.0.0.2:2222
 * cluster.serverDef();   // what org.tensorflow.Server starts
 * }</pre>
 *
 * <p>Task 0 leads every collective group ({@link #COLLECTIVE_LEADER}): without that name in both
 * the servers' and the sessions' config, TensorFlow's collectives wait for a leader nobody names
 * and fail with "Collective has timed out".
 *
 * @param addresses {@code host:port} of each task, in task order ({@code [::1]:2222} for IPv6)
 * @param task this process's index in {@code addresses}
 */
public record Cluster(List<String> addresses, int task) {
  /** The one TensorFlow job every task belongs to. */
  public static final String JOB = "worker";

  /** The device of task 0, which resolves collective groups and instances for all tasks. */
  public static final String COLLECTIVE_LEADER = "/job:" + JOB + "/replica:0/task:0";

  /**
   * @throws IllegalArgumentException naming the first address that is not {@code host:port} with a
   *     port in 1..65535, a repeated address, or a task index outside the list
   */
  public Cluster {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one host:port address");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < addresses.size(); i++) {
      String address = addresses.get(i);
      checkAddress(i, address);
      if (!seen.add(address)) {
        throw new IllegalArgumentException(
            "cluster address " + i + " \"" + address + "\" repeats an earlier address");
      }
    }
    if (task < 0 || task >= addresses.size()) {
      throw new IllegalArgumentException(
          "task " + task + " is not in the cluster: its " + addresses.size() + " tasks are 0.."
              + (addresses.size() - 1));
    }
  }

  /**
   * Parses {@code host:port,host:port,...} (spaces around entries ignored).
   *
   * @throws IllegalArgumentException naming the bad entry (see the constructor)
   */
  public static Cluster parse(String addresses, int task) {
    List<String> entries = new ArrayList<>();
    for (String entry : addresses.split(",", -1)) {
      entries.add(entry.strip());
    }
    return new Cluster(entries, task);
  }

  /**
   * {@code tasks} distinct {@code 127.0.0.1:PORT} addresses whose ports were free just now: each
   * found by binding port 0 on all interfaces (where TensorFlow's server will listen), the sockets
   * kept open until every port is chosen. For tasks on one machine.
   *
   * @throws java.io.UncheckedIOException if no port can be bound
   */
  public static List<String> freeLoopbackAddresses(int tasks) {
    List<java.net.ServerSocket> sockets = new ArrayList<>();
    try {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("0.0.0.0"));
        sockets.add(socket);
        addresses.add("127.0.0.1:" + socket.getLocalPort());
      }
      return addresses;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot find free ports for " + tasks + " local tasks", e);
    } finally {
      for (java.net.ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (java.io.IOException ignored) {
          // The port was only reserved; nothing to undo.
        }
      }
    }
  }

  /** How many tasks. */
  public int size() {
    return addresses.size();
  }

  /** This task's {@code host:port}. */
  public String address() {
    return addresses.get(task);
  }

  /** The session target of this task's server: {@code grpc://host:port}. */
  public String target() {
    return "grpc://" + address();
  }

  /** This task's device prefix, {@code /job:worker/replica:0/task:N}. */
  public String device() {
    return "/job:" + JOB + "/replica:0/task:" + task;
  }

  /** The cluster as TensorFlow names it: one job, {@value #JOB}, with every task. */
  public ClusterDef clusterDef() {
    JobDef.Builder job = JobDef.newBuilder().setName(JOB);
    for (int i = 0; i < addresses.size(); i++) {
      job.putTasks(i, addresses.get(i));
    }
    return ClusterDef.newBuilder().addJob(job).build();
  }

  /**
   * What this task's {@code org.tensorflow.Server} starts: the cluster, this task, gRPC, and {@link
   * #COLLECTIVE_LEADER} in the default session config.
   */
  public ServerDef serverDef() {
    return ServerDef.newBuilder()
        .setCluster(clusterDef())
        .setJobName(JOB)
        .setTaskIndex(task)
        .setProtocol("grpc")
        .setDefaultSessionConfig(withLeader(ConfigProto.newBuilder()))
        .build();
  }

  /**
   * {@code base} plus what a session of this task needs: {@link #COLLECTIVE_LEADER}; a device
   * filter to this task, so the session places ops on this task only and opening it does not wait
   * for the other tasks (between-graph replication: each task runs its own copy of the graph); and
   * isolated session state. Without the last, variables live in the server under their names and
   * outlive the session: a second graph's {@code Variable} on the same server is the first one's,
   * with its shape and values.
   */
  public ConfigProto sessionConfig(ConfigProto base) {
    ConfigProto.Builder config =
        base.toBuilder()
            .clearDeviceFilters()
            .addDeviceFilters("/job:" + JOB + "/task:" + task)
            .setIsolateSessionState(true);
    return withLeader(config);
  }

  private static ConfigProto withLeader(ConfigProto.Builder config) {
    config.getExperimentalBuilder().setCollectiveGroupLeader(COLLECTIVE_LEADER);
    return config.build();
  }

  private static void checkAddress(int index, String address) {
    int colon = address.lastIndexOf(':');
    String host = colon < 0 ? "" : address.substring(0, colon);
    String port = colon < 0 ? "" : address.substring(colon + 1);
    String problem = null;
    if (colon < 0) {
      problem = "is not host:port";
    } else if (host.isEmpty()) {
      problem = "has no host";
    } else if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
      problem = "has an IPv6 host without brackets (write [::1]:2222)";
    } else if (host.chars().anyMatch(Character::isWhitespace)) {
      problem = "has a space in its host";
    } else if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      problem = "has port \"" + port + "\", not a number in 1..65535";
    }
    if (problem != null) {
      throw new IllegalArgumentException("cluster address " + index + " \"" + address + "\" " + problem);
    }
  }
}
