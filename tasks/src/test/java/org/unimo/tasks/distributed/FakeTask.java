package org.unimo.tasks.distributed;

import sun.misc.Signal;

/**
 * A stand-in for a {@code unimo} task in {@link LocalTasksTest}, run in a child JVM: performs its
 * arguments in order. {@code out=TEXT} and {@code err=TEXT} print a line, {@code sleep=MS} waits,
 * {@code exit=N} exits with status N, {@code hang} waits forever, {@code term} answers SIGTERM by
 * printing {@code SIGTERM} and exiting with 143 (as a task stopping at a step boundary does).
 */
public final class FakeTask {
  private FakeTask() {}

  public static void main(String[] args) throws InterruptedException {
    for (String arg : args) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (arg.startsWith("out=")) {
        System.out.println(value);
      } else if (arg.startsWith("err=")) {
        System.err.println(value);
      } else if (arg.startsWith("sleep=")) {
        Thread.sleep(Long.parseLong(value));
      } else if (arg.startsWith("exit=")) {
        System.out.flush();
        System.exit(Integer.parseInt(value));
      } else if (arg.equals("hang")) {
        Thread.sleep(Long.MAX_VALUE);
      } else if (arg.equals("term")) {
        Signal.handle(
            new Signal("TERM"),
            signal -> {
              System.out.println("SIGTERM");
              System.exit(143);
            });
      } else {
        throw new IllegalArgumentException("FakeTask: unknown action '" + arg + "'");
      }
    }
  }
}
