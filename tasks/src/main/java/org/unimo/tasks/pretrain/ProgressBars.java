package org.unimo.tasks.pretrain;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The toolkit's one look for progress: an ASCII bar on standard error, redrawn twice a second. */
public final class ProgressBars {
  private ProgressBars() {}

  /** A bar for {@code task} counting to {@code max}; close it when done. */
  public static ProgressBar console(String task, long max) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(max)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }
}
