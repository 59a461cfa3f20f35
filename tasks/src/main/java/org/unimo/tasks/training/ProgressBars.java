package org.unimo.tasks.training;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The toolkit's one look for progress: an ASCII bar on standard error, redrawn twice a second.
 *
 * <p>A bar is drawn only on a terminal: in a log file its carriage returns are debris. Only the
 * shell can tell whether a stream is a terminal (Java's {@code System.console()} answers for
 * standard input and output together), so the {@code unimo} launcher passes {@code
 * -Dunimo.stderr.tty=true} and {@code -Dunimo.stdout.tty=true}.
 */
public final class ProgressBars {
  private ProgressBars() {}

  /**
   * Whether to draw a bar: asked for, standard error is a terminal, and (when the command prints
   * records to standard output as it goes) standard output is not the terminal the bar would
   * overwrite.
   */
  public static boolean wanted(boolean requested, boolean printsToStdout) {
    return requested
        && Boolean.getBoolean("unimo.stderr.tty")
        && !(printsToStdout && Boolean.getBoolean("unimo.stdout.tty"));
  }

  /** A bar for {@code task} counting to {@code max}; close it when done. */
  public static ProgressBar console(String task, long max) {
    return console(task, max, 0);
  }

  /** A bar that starts at {@code done} of {@code max}, its rate measured from now on. */
  public static ProgressBar console(String task, long max, long done) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .startsFrom(done, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }
}
