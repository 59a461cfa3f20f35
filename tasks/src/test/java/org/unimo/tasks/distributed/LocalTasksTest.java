package org.unimo.tasks.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs {@link FakeTask}s in child JVMs; a test that hangs is interrupted, which kills them. */
@Timeout(30)
class LocalTasksTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void theChildCommandKeepsHeapPropertiesAndFlagsButNoAgents() {
    List<String> command =
        LocalTasks.javaCommand(
            Path.of("/opt/jdk"),
            List.of(
                "-Xmx2g",
                "-Xms512m",
                "-Dfoo=bar",
                "-javaagent:/m2/jacoco.jar=destfile=target/jacoco.exec",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
                "-XX:+HeapDumpOnOutOfMemoryError",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dunimo.stderr.tty=true",
                "-Xdebug",
                "-Xrunjdwp:transport=dt_socket"),
            "a.jar:b.jar",
            "org.unimo.tasks.cli.Main",
            List.of("worker", "--task", "1"));
    assertThat(command)
        .containsExactly(
            "/opt/jdk/bin/java",
            "-Xmx2g",
            "-Xms512m",
            "-Dfoo=bar",
            "-XX:+HeapDumpOnOutOfMemoryError",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-cp",
            "a.jar:b.jar",
            "org.unimo.tasks.cli.Main",
            "worker",
            "--task",
            "1");
  }

  @Test
  void taskZerosOutputIsUnprefixedAndTheRestIsPrefixed() throws Exception {
    int status =
        run(
            Duration.ofSeconds(1),
            () -> false,
            List.of("out=zero says", "out={\"step\": 1}", "err=zero warns"),
            List.of("out=one says", "err=one warns"));
    assertThat(status).isZero();
    assertThat(out()).isEqualTo("zero says\n{\"step\": 1}\n");
    assertThat(err().lines()).contains("[task 0] zero warns", "[task 1] one says", "[task 1] one warns");
  }

  @Test
  void theFailingTasksStatusIsReturnedTaskZerosFirst() throws Exception {
    assertThat(run(Duration.ofSeconds(5), () -> false, List.of("sleep=300", "exit=0"), List.of("exit=3"))).isEqualTo(3);
    assertThat(run(Duration.ofSeconds(5), () -> false, List.of("sleep=300", "exit=5"), List.of("exit=3"))).isEqualTo(5);
    assertThat(err()).contains("unimo: task 1 exited with status 3; waiting up to 5 s for task 0 to exit");
  }

  @Test
  void aTaskStillRunningAfterTheGracePeriodIsKilled() throws Exception {
    long start = System.nanoTime();
    int status = run(Duration.ofSeconds(1), () -> false, List.of("out=started", "hang"), List.of("sleep=200", "exit=3"));
    // Task 0 was killed (137): the status that says what went wrong is task 1's.
    assertThat(status).isEqualTo(3);
    assertThat(err()).contains("unimo: killed task 0: still running 1 s after task 1 failed");
    assertThat(out()).isEqualTo("started\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aStopRequestReachesEveryTaskAsSigterm() throws Exception {
    // Stop once both tasks are ready (their SIGTERM handler installed).
    BooleanSupplier ready = () -> out().contains("ready") && err().contains("[task 1] ready");
    int status = run(Duration.ofSeconds(1), ready, List.of("term", "out=ready", "hang"), List.of("term", "out=ready", "hang"));
    assertThat(status).isEqualTo(143);
    assertThat(out()).isEqualTo("ready\nSIGTERM\n");
    assertThat(err()).contains("[task 1] SIGTERM").doesNotContain("killed");
  }

  @Test
  void aTaskThatCannotStartIsNamedAndTheOthersAreKilled() throws InterruptedException {
    List<List<String>> commands =
        List.of(
            LocalTasks.javaCommand(FakeTask.class.getName(), List.of("hang")),
            List.of("/nonexistent/bin/java", "-cp", "a.jar:b.jar", "Main", "worker"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> LocalTasks.runCommands(commands, out, err, Duration.ofSeconds(1), () -> false))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot start task 1 (/nonexistent/bin/java -cp <class path of 2 entries> Main worker): ")
        .hasMessageContaining("/nonexistent/bin/java");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    // Task 0, started before task 1 failed to, was killed.
    long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (fakeTasks() > 0 && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(fakeTasks()).as("FakeTask processes left").isZero();
  }

  private static long fakeTasks() {
    return ProcessHandle.current()
        .children()
        .filter(p -> p.info().commandLine().orElse("").contains(FakeTask.class.getName()))
        .count();
  }

  @SafeVarargs
  private int run(Duration grace, BooleanSupplier stop, List<String>... actions) throws Exception {
    return LocalTasks.run(Arrays.asList(actions), FakeTask.class.getName(), out, err, grace, stop);
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }
}
