package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM for the commands that train: a request to stop at the next step
 * boundary, never an exit from under TensorFlow.
 *
 * <p>The JVM's own handlers start shutting the process down at once, on another thread, while the
 * main thread may be inside a TensorFlow call; the native library's static destructors then run
 * under its feet, which crashed the JVM (SIGSEGV, an hs_err file) about one time in three. Here a
 * signal only sets a flag: the training loop polls it before every step, writes a checkpoint and
 * returns, the command closes its session and graph, and {@code main} exits with 130 (SIGINT) or
 * 143 (SIGTERM) as shells expect. Further signals while that happens are acknowledged and ignored:
 * the checkpoint being written is what makes the run resumable, and a kill during it would leave
 * the previous checkpoint intact anyway (checkpoints are written to a temporary directory and
 * renamed).
 *
 * <p>{@code sun.misc.Signal} is the JDK's supported way to handle signals (module
 * jdk.unsupported, kept for exactly this use).
 */
final class Signals {
  private static final AtomicReference<@Nullable String> received = new AtomicReference<>();
  private static volatile @Nullable PrintStream log;
  private static volatile String stopping = "stopping at the next step boundary, after a checkpoint";
  private static volatile String stillStopping = "still stopping; the checkpoint is being written";

  private Signals() {}

  /** Handles SIGINT and SIGTERM from now on, acknowledging them on {@code err}. */
  static void install(PrintStream err) {
    install(err, "stopping at the next step boundary, after a checkpoint", "still stopping; the checkpoint is being written");
  }

  /**
   * Handles SIGINT and SIGTERM, acknowledging them on {@code err} with what the command does about
   * the first ({@code stopping}) and about any further one ({@code stillStopping}).
   */
  static void install(PrintStream err, String stopping, String stillStopping) {
    Signals.stopping = stopping;
    Signals.stillStopping = stillStopping;
    log = err;
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), Signals::received);
    }
  }

  private static void received(Signal signal) {
    PrintStream err = log;
    boolean first = received.compareAndSet(null, signal.getName());
    if (err != null) {
      // On a terminal a progress bar may hold the current line (and the terminal has echoed ^C).
      err.print(Boolean.getBoolean("unimo.stderr.tty") ? System.lineSeparator() : "");
      err.println(
          first
              ? "unimo: SIG" + signal.getName() + " received: " + stopping
              : "unimo: SIG" + signal.getName() + " received again: " + stillStopping);
    }
  }

  /**
   * Requests a stop as a signal would (exit status 143), saying why on the installed stream: for
   * a task whose launcher is gone.
   */
  static void requestStop(String why) {
    PrintStream err = log;
    if (received.compareAndSet(null, "TERM") && err != null) {
      err.println("unimo: " + why + ": " + stopping);
    }
  }

  /** Whether a stop was requested. */
  static boolean stopRequested() {
    return received.get() != null;
  }

  /**
   * Stops here if a stop was requested: for the points between phases (after loading data, after
   * compiling) where nothing needs saving.
   *
   * @throws Stopped if a signal was received
   */
  static void checkpoint() throws Stopped {
    if (stopRequested()) {
      throw new Stopped(exitStatus());
    }
  }

  /** 128 + the signal number, as shells report: 130 for SIGINT, 143 for SIGTERM; 0 without one. */
  static int exitStatus() {
    String name = received.get();
    return name == null ? 0 : "TERM".equals(name) ? 143 : 130;
  }

  /** Forgets a received signal (for tests that run several commands in one JVM). */
  static void reset() {
    received.set(null);
  }

  /** Thrown between phases when a stop was requested; {@link Main} exits with its status. */
  static final class Stopped extends Exception {
    private final int status;

    Stopped(int status) {
      super("stopped by a signal");
      this.status = status;
    }

    int status() {
      return status;
    }
  }
}
