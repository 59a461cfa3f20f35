package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.unimo.graph.distributed.Cluster;
import org.unimo.tasks.distributed.LocalTasks;

/**
 * {@code unimo pretrain ... --local-tasks N}: the same run as N {@code unimo worker} processes on
 * this machine, on free loopback ports, waited for.
 *
 * <p>Task 0 gets the command's own {@code --out DIR} (or {@code --resume DIR}) and writes the run
 * there, in {@code unimo pretrain}'s layout; task K gets {@code DIR/tasks/K}, which holds its spec
 * and tokenizer. Task 0's standard output is this command's (the metrics lines); every task's
 * standard error comes through prefixed {@code [task K]}. Ctrl-C and SIGTERM reach every task,
 * which stop together at a step boundary after task 0's checkpoint.
 */
final class LocalRun {
  /** Where the other tasks' directories live inside task 0's. */
  static final String TASKS_DIR = "tasks";

  /** How long the remaining tasks may take to notice a failed one and exit, before they are killed. */
  private static final Duration GRACE = Duration.ofSeconds(30);

  private LocalRun() {}

  static int run(CommandLine line, String[] args, PrintStream out, PrintStream err)
      throws UsageException, java.io.IOException, InterruptedException {
    Integer tasks = Args.positiveInt(line, "local-tasks");
    if (tasks == null || tasks < 2) {
      throw new UsageException("--local-tasks: give 2 or more tasks (one task is the plain run: leave the option out)");
    }
    if (!line.hasOption("out") && !line.hasOption("resume")) {
      throw new UsageException("--out DIR is required (or --resume DIR) (unimo pretrain --help)");
    }
    List<String> cluster = Cluster.freeLoopbackAddresses(tasks);
    List<List<String>> perTask = new ArrayList<>();
    for (int k = 0; k < tasks; k++) {
      perTask.add(workerArgs(line, String.join(",", cluster), k));
    }
    err.println("unimo pretrain: " + tasks + " local tasks on " + String.join(", ", cluster));
    int status = LocalTasks.run(perTask, Main.class.getName(), out, err, GRACE, Signals::stopRequested);
    if (status != Main.OK && status != Main.USAGE) {
      String dir = line.hasOption("resume") ? line.getOptionValue("resume") : line.getOptionValue("out");
      err.println("unimo pretrain: continue every task with: unimo pretrain --resume " + dir + " --local-tasks " + tasks);
    }
    return status;
  }

  /** {@code worker --cluster ... --task K} and the command's options, with task K's directory. */
  static List<String> workerArgs(CommandLine line, String cluster, int task) {
    List<String> args = new ArrayList<>(List.of("worker", "--cluster", cluster, "--task", String.valueOf(task)));
    for (Option option : line.getOptions()) {
      String name = option.getLongOpt();
      if (name.equals("local-tasks")) {
        continue;
      }
      args.add("--" + name);
      if (option.hasArg()) {
        String value = option.getValue();
        if (task > 0 && (name.equals("out") || name.equals("resume"))) {
          value = Path.of(value).resolve(TASKS_DIR).resolve(String.valueOf(task)).toString();
        }
        args.add(value);
      }
    }
    return args;
  }
}
