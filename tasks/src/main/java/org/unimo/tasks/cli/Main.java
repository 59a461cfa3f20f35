package org.unimo.tasks.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.HelpFormatter;
import org.unimo.tasks.training.RunManifest;

/**
 * Entry point of the {@code unimo} launcher.
 *
 * <p>Exit status: 0 on success, 1 when a check fails or something breaks inside, 2 for usage errors
 * and invalid input (a wrong config, a malformed or missing file).
 */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final List<Command> COMMANDS =
      List.of(
          new DemoCommand(),
          new SpecCommand(),
          new ImportCommand(),
          new PretrainCommand(),
          PretrainCommand.worker(),
          PretrainCommand.finetune(),
          new EvalCommand(),
          new PredictCommand(),
          new ScoreCommand(),
          new BaselineCommand(),
          new EmbedCommand(),
          new AblateCommand(),
          new RewriteCommand(),
          new ExportShapesCommand(),
          new PrepareCommand(),
          new BenchStepsCommand(),
          new BenchDataCommand());

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs {@code unimo args...} and returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version"))) {
      out.println("unimo " + RunManifest.version() + " (TensorFlow " + org.tensorflow.TensorFlow.version() + ", Java " + System.getProperty("java.version") + ")");
      return OK;
    }
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? USAGE : OK;
    }
    Command command =
        COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
    if (command == null) {
      err.println("unimo: unknown command '" + args[0] + "'");
      usage(err);
      return USAGE;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.asList(rest).contains("--help")) {
      help(command, out);
      return OK;
    }
    try {
      return command.run(rest, out, err);
    } catch (UsageException | IllegalArgumentException | IOException e) {
      // Bad input (SpecException is an IllegalArgumentException): say what and where, exit 2.
      err.println("unimo " + command.name() + ": " + describe(e));
      return USAGE;
    } catch (Exception e) {
      err.println("unimo " + command.name() + ": internal error: " + e);
      e.printStackTrace(err);
      return FAILED;
    }
  }

  /** The message of an input error; file errors name their file first. */
  private static String describe(Exception e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      String reason =
          f.getReason() != null
              ? f.getReason()
              : f instanceof NoSuchFileException ? "no such file" : f.getClass().getSimpleName();
      return f.getFile() + ": " + reason;
    }
    return e.getMessage();
  }

  private static void usage(PrintStream out) {
    out.println("usage: unimo COMMAND [ARGS]   (unimo COMMAND --help for its options; unimo --version)");
    out.println();
    for (Command c : COMMANDS) {
      out.printf("  %-13s %s%n", c.name(), c.summary());
    }
  }

  static void help(Command command, PrintStream out) {
    PrintWriter writer = new PrintWriter(out);
    new HelpFormatter()
        .printHelp(writer, 100, "unimo " + command.name() + " " + command.synopsis(), command.summary(), command.options(), 2, 4, "", false);
    writer.flush();
  }
}
