package org.unimo.tasks.training;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * When a run writes checkpoints: a run option, not part of the model (two runs of one spec that
 * checkpoint at different times train the same model). A checkpoint is always written after the
 * last step and when a run is interrupted.
 *
 * @param everySteps every this many steps, or 0
 * @param every after this much wall time since the last checkpoint (or the start), or null
 * @param keep how many of the newest checkpoints to keep (at least 1)
 */
public record CheckpointPolicy(int everySteps, @Nullable Duration every, int keep) {
  /** Every 10 minutes, keeping 3: at most 10 minutes of work lost to a crash, and small disks. */
  public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(0, Duration.ofMinutes(10), 3);

  private static final Pattern CADENCE = Pattern.compile("(\\d+)(s|m|h)?");

  public CheckpointPolicy {
    if (everySteps < 0 || (every != null && (every.isNegative() || every.isZero())) || keep < 1) {
      throw new IllegalArgumentException("checkpoint policy: steps " + everySteps + ", every " + every + ", keep " + keep);
    }
  }

  /**
   * Parses {@code --checkpoint-every}: {@code 500} (steps) or {@code 90s}, {@code 10m}, {@code 2h}.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static CheckpointPolicy parse(String cadence, int keep) {
    Matcher m = CADENCE.matcher(cadence.trim().toLowerCase(Locale.ROOT));
    long amount = m.matches() ? Long.parseLong(m.group(1)) : 0;
    if (amount <= 0 || amount > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--checkpoint-every: '" + cadence + "' is neither a positive number of steps (500) nor a duration (90s, 10m, 2h)");
    }
    if (m.group(2) == null) {
      return new CheckpointPolicy((int) amount, null, keep);
    }
    Duration every =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          default -> Duration.ofHours(amount);
        };
    return new CheckpointPolicy(0, every, keep);
  }

  /** The same cadence keeping {@code count} checkpoints. */
  public CheckpointPolicy keeping(int count) {
    return new CheckpointPolicy(everySteps, every, count);
  }

  /** Whether step {@code step} is due, {@code sinceLast} after the last checkpoint. */
  boolean due(long step, Duration sinceLast) {
    return (everySteps > 0 && step % everySteps == 0) || (every != null && sinceLast.compareTo(every) >= 0);
  }

  /** The form {@link #parse} reads: {@code 500} or {@code 10m}. */
  public String cadence() {
    if (every == null) {
      return Integer.toString(everySteps);
    }
    long seconds = every.toSeconds();
    return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
