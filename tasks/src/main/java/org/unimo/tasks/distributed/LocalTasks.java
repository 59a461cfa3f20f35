package org.unimo.tasks.distributed;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * N task processes of the {@code unimo} command line on this machine, started and waited for:
 * what {@code unimo pretrain --local-tasks N} runs.
 *
 * <p>Each task is a JVM of its own (a TensorFlow server per process, as on N machines), started
 * with this JVM's class path and memory options. Task 0's standard output is passed through
 * unchanged (its metrics lines); every other output line is prefixed {@code [task K]}. A stop
 * request (Ctrl-C) sends every task SIGTERM, which they turn into a stop at a step boundary. When a
 * task fails, the others notice by themselves (their {@link PeerWatch}); those still running after
 * a grace period are killed. No task outlives this process: a shutdown hook kills them.
 */
public final class LocalTasks {
  private LocalTasks() {}

  /**
   * The command of a child JVM: this JVM's {@code java}, its memory, system-property and {@code
   * -XX} options (not agents or debuggers, which would clash on their ports), its class path, then
   * {@code mainClass} and {@code args}.
   */
  public static List<String> command(List<String> jvmOptions, String classPath, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : jvmOptions) {
      boolean agent =
          option.startsWith("-agentlib") || option.startsWith("-agentpath") || option.startsWith("-javaagent")
              || option.startsWith("-Xdebug") || option.startsWith("-Xrunjdwp");
      if (!agent) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Runs one child JVM of {@code mainClass} per entry of {@code argsPerTask} and waits for all.
   *
   * @param grace how long the others may run on after one task failed, before they are killed
   * @param stopRequested polled while waiting: true sends every task SIGTERM, once
   * @return task 0's exit status if not 0, else the first other non-zero status, else 0
   * @throws UncheckedIOException naming the command if a process cannot be started
   */
  public static int run(
      List<List<String>> argsPerTask,
      String mainClass,
      PrintStream out,
      PrintStream err,
      Duration grace,
      BooleanSupplier stopRequested) {
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    String classPath = System.getProperty("java.class.path");
    List<Process> processes = new ArrayList<>();
    List<Thread> pumps = new ArrayList<>();
    Thread hook = new Thread(() -> processes.forEach(Process::destroyForcibly), "unimo-local-tasks-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      for (int k = 0; k < argsPerTask.size(); k++) {
        List<String> command = command(jvm, classPath, mainClass, argsPerTask.get(k));
        Process process;
        try {
          process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start task " + k + ": " + String.join(" ", command), e);
        }
        processes.add(process);
        pumps.add(pump(process.getInputStream(), k == 0 ? out : err, k == 0 ? "" : "[task " + k + "] "));
        pumps.add(pump(process.getErrorStream(), err, "[task " + k + "] "));
      }
      int[] status = waitForAll(processes, err, grace, stopRequested);
      for (Thread pump : pumps) {
        pump.join();
      }
      if (status[0] != 0) {
        return status[0];
      }
      for (int s : status) {
        if (s != 0) {
          return s;
        }
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      processes.forEach(Process::destroyForcibly);
      return 130;
    } finally {
      processes.forEach(p -> {
        if (p.isAlive()) {
          p.destroyForcibly();
        }
      });
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway.
      }
    }
  }

  private static int[] waitForAll(List<Process> processes, PrintStream err, Duration grace, BooleanSupplier stopRequested)
      throws InterruptedException {
    int[] status = new int[processes.size()];
    boolean signalled = false;
    long failedAt = -1;
    while (processes.stream().anyMatch(Process::isAlive)) {
      if (!signalled && stopRequested.getAsBoolean()) {
        signalled = true;
        processes.stream().filter(Process::isAlive).forEach(Process::destroy);
      }
      if (failedAt < 0 && processes.stream().anyMatch(p -> !p.isAlive() && p.exitValue() != 0)) {
        failedAt = System.nanoTime();
      }
      if (failedAt >= 0 && System.nanoTime() - failedAt > grace.toNanos()) {
        for (int k = 0; k < processes.size(); k++) {
          if (processes.get(k).isAlive()) {
            err.println("[task " + k + "] still running " + grace.toSeconds() + " s after another task failed: killed");
            processes.get(k).destroyForcibly().waitFor();
          }
        }
      }
      Thread.sleep(100);
    }
    for (int k = 0; k < status.length; k++) {
      status[k] = processes.get(k).exitValue();
    }
    return status;
  }

  /** Copies {@code in} to {@code to} line by line, each with {@code prefix}, on a daemon thread. */
  private static Thread pump(InputStream in, PrintStream to, String prefix) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  synchronized (to) {
                    to.println(prefix + line);
                  }
                }
              } catch (IOException e) {
                // The process is gone; its output ends here.
              }
            },
            "unimo-task-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
