package org.unimo.tasks.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalTasksTest {
  @Test
  void aTaskJvmKeepsMemoryAndPropertiesButNoAgents() {
    List<String> command =
        LocalTasks.command(
            List.of("-Xmx2g", "-Dfoo=bar", "-javaagent:/x/jacoco.jar=destfile=a", "-agentlib:jdwp=transport=dt_socket", "-XX:+UseG1GC"),
            "a.jar:b.jar",
            "org.example.Main",
            List.of("worker", "--task", "1"));
    assertThat(command.get(0)).endsWith("/bin/java");
    assertThat(command.subList(1, command.size()))
        .containsExactly("-Xmx2g", "-Dfoo=bar", "-XX:+UseG1GC", "-cp", "a.jar:b.jar", "org.example.Main", "worker", "--task", "1");
  }
}
