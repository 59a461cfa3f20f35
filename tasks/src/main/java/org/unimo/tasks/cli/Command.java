package org.unimo.tasks.cli;

import java.io.PrintStream;
import org.apache.commons.cli.Options;

/** One subcommand of {@code unimo}. */
interface Command {
  String name();

  /** One line for the command list. */
  String summary();

  /** Argument synopsis after the command name, e.g. {@code FILE [--fingerprint]}. */
  String synopsis();

  Options options();

  /**
   * Runs the command.
   *
   * @return the exit status
   * @throws UsageException for bad arguments or invalid input (exit status 2)
   */
  int run(String[] args, PrintStream out, PrintStream err) throws Exception;
}
