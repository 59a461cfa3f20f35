package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.distributed.Cluster;
import org.unimo.graph.distributed.DataParallel;
import org.unimo.graph.distributed.TaskServer;
import org.unimo.tasks.distributed.LocalTasks;
import org.unimo.tasks.distributed.PeerWatch;

/**
 * This process as one task of a data-parallel run ({@code unimo worker}): its cluster, its
 * TensorFlow server, and the watch over the other tasks.
 *
 * <p>The life of a task: its server starts at once; it waits (up to {@code --startup-timeout}) until
 * every other task's server accepts connections, and a task that never does is named; from then
 * on a watch probes the others every {@link #WATCH_INTERVAL}, and a task that stops answering ends
 * this one within seconds, named, rather than after a collective's timeout; at the end, a task
 * other than 0 waits for task 0 to exit, so that task 0's last collective never misses a peer.
 */
final class WorkerTask {
  /** How often the watch probes the other tasks. */
  static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);
  /** Probes in a row a task must miss to count as lost. */
  static final int WATCH_MISSES = 3;
  /** The start-up deadline unless {@code --startup-timeout} says otherwise. */
  static final Duration DEFAULT_STARTUP = Duration.ofMinutes(5);

  private final Cluster cluster;
  private final TaskServer server;
  private final DataParallel replica;
  private @Nullable PeerWatch watch;

  private WorkerTask(Cluster cluster, TaskServer server, DataParallel replica) {
    this.cluster = cluster;
    this.server = server;
    this.replica = replica;
  }

  /** The options of a task: the cluster, this task's index, the deadlines, CMCL's candidates. */
  static Options addOptions(Options options, boolean required) {
    if (required) {
      options
          .addOption(
              Option.builder()
                  .longOpt("cluster")
                  .hasArg()
                  .argName("HOST:PORT,...")
                  .desc("every task's address, in task order (the same list on every task); TensorFlow's server listens"
                      + " on all interfaces with no authentication: keep the cluster on a private network")
                  .build())
          .addOption(Option.builder().longOpt("task").hasArg().argName("K").desc("this task's index in --cluster (0 writes the run)").build());
    }
    return options
        .addOption(
            Option.builder()
                .longOpt("collective-timeout")
                .hasArg()
                .argName("SECONDS")
                .desc("how long a collective waits for every task before it fails (default "
                    + DataParallel.DEFAULT_TIMEOUT.toSeconds() + "); above the slowest first step, compilation included")
                .build())
        .addOption(
            Option.builder()
                .longOpt("startup-timeout")
                .hasArg()
                .argName("SECONDS")
                .desc("how long a task waits for the others to start (default " + DEFAULT_STARTUP.toSeconds() + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("local-candidates")
                .desc("CMCL contrasts each task's own slice of the batch instead of the global batch (less traffic; no"
                    + " longer one process's loss)")
                .build());
  }

  /** The options {@link #addOptions} adds that {@code unimo pretrain --local-tasks} passes on to every task. */
  static final List<String> PASSED_ON = List.of("collective-timeout", "startup-timeout", "local-candidates");

  /**
   * Starts this task's server and waits for the others'.
   *
   * @throws UsageException for a malformed cluster or task index, naming it
   * @throws Lost if a task did not start within the start-up deadline, naming it
   */
  static WorkerTask start(CommandLine line, PrintStream err) throws UsageException {
    for (String required : List.of("cluster", "task")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo worker --help)");
      }
    }
    Integer task = Args.nonNegativeInt(line, "task");
    Cluster cluster;
    try {
      cluster = Cluster.parse(line.getOptionValue("cluster"), task);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cluster: " + e.getMessage());
    }
    DataParallel replica =
        DataParallel.of(cluster, seconds(line, "collective-timeout", DataParallel.DEFAULT_TIMEOUT))
            .gatheringCandidates(!line.hasOption("local-candidates"));
    Duration startup = seconds(line, "startup-timeout", DEFAULT_STARTUP);
    TaskServer server;
    try {
      server = TaskServer.start(cluster);
    } catch (RuntimeException e) {
      throw new UsageException("task " + task + " cannot listen on " + cluster.address() + ": " + e.getMessage());
    }
    err.printf(
        "task %d of %d listening on port %s (all interfaces, no authentication: keep the cluster on a private network)%n",
        task, cluster.size(), cluster.address().substring(cluster.address().lastIndexOf(':') + 1));
    WorkerTask worker = new WorkerTask(cluster, server, replica);
    watchLauncher();
    worker.awaitPeers(startup);
    return worker;
  }

  /**
   * A task started by {@code --local-tasks} stops (at a step boundary, with task 0's checkpoint)
   * when its launcher is gone: killed with SIGKILL, the launcher cannot stop its tasks itself.
   */
  private static void watchLauncher() {
    String parent = System.getenv(LocalTasks.PARENT_ENV);
    if (parent == null || !parent.matches("\\d+")) {
      return;
    }
    Thread watch =
        new Thread(
            () -> {
              while (ProcessHandle.of(Long.parseLong(parent)).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(WATCH_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
              }
              Signals.requestStop("the launching process " + parent + " is gone");
            },
            "unimo-launcher-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** Waits until every other task accepts connections, or names those that do not by the deadline. */
  private void awaitPeers(Duration deadline) {
    List<PeerWatch.Lost> missing =
        PeerWatch.awaitReachable(cluster.addresses(), cluster.task(), deadline, Duration.ofMillis(200));
    if (missing.isEmpty()) {
      return;
    }
    throw new Lost(
        Thread.currentThread().isInterrupted()
            ? "interrupted while waiting for " + describe(missing)
            : describe(missing) + " did not start within " + deadline.toSeconds() + " s (--startup-timeout)");
  }

  /**
   * Watches the other tasks from now on: one that stops answering ends this process (status 1),
   * named, with how to resume. Nothing is left half-written: checkpoints are renamed into place.
   */
  void watch(PrintStream err, String command) {
    watch =
        PeerWatch.start(cluster.addresses(), cluster.task(), WATCH_INTERVAL, WATCH_MISSES, lost -> {
          err.println(
              "unimo " + command + ": " + lost.describe() + ": the task is gone; stopping. Resume every task with"
                  + " --resume from task 0's last checkpoint");
          err.flush();
          // Halt: the main thread may be inside a collective that would wait for its timeout.
          Runtime.getRuntime().halt(Main.FAILED);
        });
  }

  /**
   * After the last step: stops watching; a task other than 0 then waits (up to the collective
   * timeout) until task 0 has exited, so that task 0 finishes its last collective with every peer.
   */
  void finish() {
    if (watch != null) {
      watch.close();
    }
    if (!leader()) {
      PeerWatch.awaitGone(cluster.addresses().get(0), replica.timeout(), Duration.ofMillis(200));
    }
  }

  /**
   * What a failed collective means: the tasks that no longer answer, named, or the error's first
   * line when all still do (a task stuck, or a timeout below the slowest step).
   */
  String explain(RuntimeException failure) {
    List<PeerWatch.Lost> lost = PeerWatch.probe(cluster.addresses(), cluster.task(), Duration.ofSeconds(1));
    String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("");
    return lost.isEmpty()
        ? "a collective with the other tasks failed (" + message + "); every task still answers: one may be stuck or"
            + " slower than --collective-timeout"
        : describe(lost) + " is gone (" + message + ")";
  }

  private static String describe(List<PeerWatch.Lost> tasks) {
    return String.join(", ", tasks.stream().map(PeerWatch.Lost::describe).toList());
  }

  DataParallel replica() {
    return replica;
  }

  TaskServer server() {
    return server;
  }

  Cluster cluster() {
    return cluster;
  }

  /** Whether this is task 0, which writes the run. */
  boolean leader() {
    return cluster.task() == 0;
  }

  private static Duration seconds(CommandLine line, String option, Duration otherwise) throws UsageException {
    Integer value = Args.positiveInt(line, option);
    return value == null ? otherwise : Duration.ofSeconds(value);
  }

  /** Another task is gone, or never came: the run cannot go on (exit status 1). */
  static final class Lost extends RuntimeException {
    Lost(String message) {
      super(message);
    }
  }
}
