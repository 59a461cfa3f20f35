package org.unimo.tasks.distributed;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Starts the tasks of a cluster as processes on this machine, each a JVM running the {@code unimo}
 * command line, and waits for them: one command that trains data-parallel on one machine, with the
 * output of all tasks in one place.
 *
 * <p>Task 0's standard output is this process's, byte for byte (the metrics stream of the run);
 * everything else goes to standard error a line at a time, each line prefixed with {@code [task
 * K] }. A stop request (Ctrl-C or SIGTERM here) is passed on to every task as SIGTERM: each stops
 * at a step boundary on its own. A task that fails makes the others fail too, as they lose their
 * peer; those still running after a grace period are killed, so that one broken task never leaves
 * the others hanging in a collective op.
 *
 * <pre>{@code
 * List<String> cluster = Cluster.freeLoopbackAddresses(2);
 * List<List<String>> args = new ArrayList<>();
 * for (int k = 0; k < 2; k++) {
 *   args.add(List.of("worker", "--cluster", String.join(",", cluster), "--task", String.valueOf(k), ...));
 * }
 * int status = LocalTasks.run(args, Main.class.getName(), out, err, Duration.ofSeconds(30), Signals::stopRequested);
 * }</pre>
 */
public final class LocalTasks {
  /**
   * The environment variable that gives every task the process id of this launcher, so that a task
   * whose launcher is gone (killed with SIGKILL, when no shutdown hook runs) can stop itself.
   */
  public static final String PARENT_ENV = "UNIMO_LOCAL_TASKS_PARENT";

  /** How often the tasks and the stop request are looked at while waiting. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** How long the output of a task that exited may take to drain. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  /**
   * JVM options of this process that a task does not inherit: agents and debuggers (a second
   * JDWP agent on the same port fails to start; a coverage agent would have N processes write one
   * file), the class path (given by {@code -cp}), and what the launcher says about this process's
   * terminal: a task's output is a pipe.
   */
  private static final List<String> NOT_INHERITED =
      List.of(
          "-agentlib",
          "-agentpath",
          "-javaagent",
          "-Xdebug",
          "-Xrunjdwp",
          "-Djava.class.path=",
          "-Dunimo.stdout.tty=",
          "-Dunimo.stderr.tty=");

  private LocalTasks() {}

  /**
   * The command that runs {@code mainClass args} in a JVM like this one: the same {@code java},
   * the same class path, and this JVM's options (heap size, system properties, {@code -XX}
   * flags, module options) but for agents, debuggers and the terminal flags of the launcher.
   */
  public static List<String> javaCommand(String mainClass, List<String> args) {
    return javaCommand(
        Path.of(System.getProperty("java.home")),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        System.getProperty("java.class.path"),
        mainClass,
        args);
  }

  /**
   * The command that runs {@code mainClass args} with {@code javaHome}'s {@code bin/java}, class
   * path {@code classPath} and the options of {@code jvmArguments} that a task inherits: all but
   * {@code -agentlib}, {@code -agentpath}, {@code -javaagent}, {@code -Xdebug}, {@code -Xrunjdwp},
   * {@code -Djava.class.path} and {@code -Dunimo.stdout.tty}/{@code -Dunimo.stderr.tty}.
   *
   * @param jvmArguments a JVM's options as {@code RuntimeMXBean.getInputArguments()} gives them
   */
  public static List<String> javaCommand(
      Path javaHome, List<String> jvmArguments, String classPath, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    for (String argument : jvmArguments) {
      if (NOT_INHERITED.stream().noneMatch(argument::startsWith)) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    return List.copyOf(command);
  }

  /**
   * Runs one task per element of {@code argsPerTask}, each {@code mainClass args} in a JVM like
   * this one ({@link #javaCommand(String, List)}), with this process's environment and working
   * directory and no standard input, and waits until all have exited.
   *
   * <p>While they run: task 0's standard output is copied to {@code out} unchanged; the other
   * tasks' standard output and every task's standard error go to {@code err} a line at a time,
   * each prefixed with {@code [task K] } (a line is written whole, holding the stream's lock).
   * {@code stopRequested} is polled every 100 ms; once it is true every running task is sent
   * SIGTERM, once. When a task exits with a non-zero status while others still run (other than
   * with 130 or 143 after a stop request: that is how tasks stop when asked), the others get
   * {@code grace} to notice the lost peer and exit on their own; those still running then are
   * killed (SIGKILL) and named on {@code err}. If this JVM shuts down meanwhile (System.exit, a
   * signal it does not handle), a shutdown hook kills the tasks so that none outlives it; only
   * SIGKILL of this process leaves them running.
   *
   * @param argsPerTask the command-line arguments of each task, task 0 first
   * @param mainClass the class whose {@code main} each task runs ({@code org.unimo.tasks.cli.Main})
   * @param grace how long the other tasks may take to exit after one failed
   * @param stopRequested whether this process was asked to stop
   * @return the first status that says what went wrong: task 0's if it exited non-zero on its
   *     own, else that of the first task to exit non-zero on its own; the status of a task killed
   *     here (137) only if nothing else is non-zero; 0 when every task succeeded
   * @throws IOException if a task's process cannot be started (the message names the task and
   *     the command); the tasks already started are killed first
   * @throws InterruptedException if this thread is interrupted while waiting; the tasks are killed
   */
  public static int run(
      List<List<String>> argsPerTask,
      String mainClass,
      PrintStream out,
      PrintStream err,
      Duration grace,
      BooleanSupplier stopRequested)
      throws IOException, InterruptedException {
    List<List<String>> commands = new ArrayList<>();
    for (List<String> args : argsPerTask) {
      commands.add(javaCommand(mainClass, args));
    }
    return runCommands(commands, out, err, grace, stopRequested);
  }

  /** {@link #run} with each task's whole command given (for tests). */
  static int runCommands(
      List<List<String>> commands, PrintStream out, PrintStream err, Duration grace, BooleanSupplier stopRequested)
      throws IOException, InterruptedException {
    if (commands.isEmpty()) {
      throw new IllegalArgumentException("no tasks to run");
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: " + grace + " must not be negative");
    }
    List<Task> tasks = new CopyOnWriteArrayList<>();
    Thread reaper =
        new Thread(
            () -> tasks.forEach(task -> task.process.destroyForcibly()), "unimo-local-tasks-shutdown");
    Runtime.getRuntime().addShutdownHook(reaper);
    boolean finished = false;
    try {
      for (int k = 0; k < commands.size(); k++) {
        tasks.add(Task.start(k, commands.get(k), out, err));
      }
      int status = await(tasks, err, grace, stopRequested);
      for (Task task : tasks) {
        task.drain();
      }
      finished = true;
      return status;
    } finally {
      if (!finished) {
        for (Task task : tasks) {
          task.process.destroyForcibly();
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is shutting down: the hook is running or has run.
      }
    }
  }

  private static int await(List<Task> tasks, PrintStream err, Duration grace, BooleanSupplier stopRequested)
      throws InterruptedException {
    List<Task> exited = new ArrayList<>();
    boolean stopSent = false;
    @Nullable Task failed = null;
    long failedAt = 0;
    boolean killed = false;
    while (true) {
      if (!stopSent && stopRequested.getAsBoolean()) {
        stopSent = true;
        for (Task task : running(tasks)) {
          task.terminate();
        }
      }
      for (Task task : tasks) {
        if (task.status == null && !task.process.isAlive()) {
          int status = task.process.exitValue();
          task.status = status;
          exited.add(task);
          boolean stoppedAsAsked = stopSent && (status == 130 || status == 143);
          if (failed == null && status != 0 && !stoppedAsAsked) {
            failed = task;
            failedAt = System.nanoTime();
            List<Task> running = running(tasks);
            if (!running.isEmpty() && !grace.isZero()) {
              err.println(
                  "unimo: task " + task.index + " exited with status " + status + "; waiting up to "
                      + format(grace) + " for " + names(running) + " to exit");
            }
          }
        }
      }
      List<Task> running = running(tasks);
      if (running.isEmpty()) {
        break;
      }
      if (failed != null && !killed && System.nanoTime() - failedAt >= grace.toNanos()) {
        killed = true;
        for (Task task : running) {
          task.killed = true;
          task.kill();
        }
        err.println(
            "unimo: killed " + names(running) + ": still running " + format(grace)
                + " after task " + failed.index + " failed");
      }
      running.get(0).process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
    }
    Task leader = tasks.get(0);
    if (leader.status() != 0 && !leader.killed) {
      return leader.status();
    }
    for (Task task : exited) {
      if (task.status() != 0 && !task.killed) {
        return task.status();
      }
    }
    return exited.stream().mapToInt(Task::status).filter(s -> s != 0).findFirst().orElse(0);
  }

  private static List<Task> running(List<Task> tasks) {
    return tasks.stream().filter(t -> t.status == null).collect(Collectors.toList());
  }

  /** {@code task 2}, {@code tasks 0, 2}. */
  private static String names(List<Task> tasks) {
    return (tasks.size() == 1 ? "task " : "tasks ")
        + tasks.stream().map(t -> String.valueOf(t.index)).collect(Collectors.joining(", "));
  }

  /** A command for messages: the class path, often thousands of characters, shortened. */
  static String display(List<String> command) {
    List<String> shown = new ArrayList<>(command);
    int cp = shown.indexOf("-cp");
    if (cp >= 0 && cp + 1 < shown.size()) {
      int entries = shown.get(cp + 1).split(File.pathSeparator, -1).length;
      shown.set(cp + 1, "<class path of " + entries + (entries == 1 ? " entry>" : " entries>"));
    }
    return String.join(" ", shown);
  }

  /** One started task: its process, the threads copying its output, and how it ended. */
  private static final class Task {
    final int index;
    final Process process;
    final List<Thread> pumps;
    /** Its exit status, once it exited. */
    @Nullable Integer status;
    /** Whether it was killed here, after another task failed. */
    boolean killed;

    private Task(int index, Process process, List<Thread> pumps) {
      this.index = index;
      this.process = process;
      this.pumps = pumps;
    }

    static Task start(int index, List<String> command, PrintStream out, PrintStream err) throws IOException {
      Process process;
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(PARENT_ENV, String.valueOf(ProcessHandle.current().pid()));
        process = builder.start();
      } catch (IOException e) {
        throw new IOException("cannot start task " + index + " (" + display(command) + "): " + e.getMessage(), e);
      }
      String prefix = "[task " + index + "] ";
      List<Thread> pumps =
          List.of(
              index == 0
                  ? pump(process.getInputStream(), out, "", "unimo-task-0-stdout")
                  : pump(process.getInputStream(), err, prefix, "unimo-task-" + index + "-stdout"),
              pump(process.getErrorStream(), err, prefix, "unimo-task-" + index + "-stderr"));
      return new Task(index, process, pumps);
    }

    /**
     * Sends SIGTERM: the task stops at its next step boundary. Through the process handle, as
     * {@code Process.destroy()} would also close this side of the task's pipes, losing everything
     * it prints while it stops.
     */
    void terminate() {
      process.toHandle().destroy();
    }

    /** Sends SIGKILL, keeping the pipes open so that what the task printed last is still copied. */
    void kill() {
      process.toHandle().destroyForcibly();
    }

    int status() {
      Integer s = status;
      if (s == null) {
        throw new IllegalStateException("task " + index + " is still running");
      }
      return s;
    }

    /** Waits until its output is copied: at once, unless something else holds its pipes open. */
    void drain() throws InterruptedException {
      for (Thread pump : pumps) {
        pump.join(DRAIN.toMillis());
      }
    }
  }

  /**
   * Copies {@code in} to {@code to} a line at a time on a daemon thread, each line prefixed with
   * {@code prefix}; with an empty prefix the bytes are copied unchanged. A last line without a line
   * end gets one when prefixed, so that the next prefix starts a line.
   */
  private static Thread pump(InputStream in, PrintStream to, String prefix, String name) {
    Thread thread =
        new Thread(
            () -> {
              ByteArrayOutputStream line = new ByteArrayOutputStream();
              byte[] buffer = new byte[8192];
              try (InputStream stream = in) {
                for (int n; (n = stream.read(buffer)) > 0; ) {
                  int start = 0;
                  for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                      line.write(buffer, start, i + 1 - start);
                      write(to, prefix, line, false);
                      start = i + 1;
                    }
                  }
                  line.write(buffer, start, n - start);
                }
              } catch (IOException e) {
                // The JDK closes the pipe of a process that exited under a reader it races with
                // ("Stream closed"): what was read is all there is.
              }
              if (line.size() > 0) {
                write(to, prefix, line, !prefix.isEmpty());
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void write(PrintStream to, String prefix, ByteArrayOutputStream line, boolean endLine) {
    synchronized (to) {
      to.print(prefix);
      to.write(line.toByteArray(), 0, line.size());
      if (endLine) {
        to.println();
      }
      to.flush();
    }
    line.reset();
  }

  /** {@code 30 s} or {@code 500 ms}. */
  private static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 && millis > 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
