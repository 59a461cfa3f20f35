package org.unimo.tasks.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PeerWatchTest {
  private static String address(ServerSocket socket) {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** A loopback port that was free a moment ago and is closed now: connecting is refused. */
  private static String closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return address(socket);
    }
  }

  @Test
  void aListeningTaskIsThereAndAClosedPortIsLost() throws Exception {
    try (ServerSocket alive = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String gone = closedPort();
      List<PeerWatch.Lost> lost = PeerWatch.probe(List.of("127.0.0.1:1", address(alive), gone), 0, Duration.ofSeconds(1));
      assertThat(lost).containsExactly(new PeerWatch.Lost(2, gone, "connection refused"));
      assertThat(lost.get(0).describe()).isEqualTo("task 2 (" + gone + "): connection refused");
    }
  }

  @Test
  void theWatchReportsTheLostTaskOnceAndStops() throws Exception {
    try (ServerSocket alive = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String gone = closedPort();
      List<PeerWatch.Lost> reported = new CopyOnWriteArrayList<>();
      try (PeerWatch watch =
          PeerWatch.start(List.of(address(alive), "127.0.0.1:1", gone), 1, Duration.ofMillis(50), 2, reported::add)) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (reported.isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Thread.sleep(300);
      }
      assertThat(reported).containsExactly(new PeerWatch.Lost(2, gone, "connection refused"));
    }
  }

  @Test
  void awaitGoneSeesAProcessLeave() throws Exception {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    String address = address(socket);
    assertThat(PeerWatch.awaitGone(address, Duration.ofMillis(300), Duration.ofMillis(50))).isFalse();
    socket.close();
    assertThat(PeerWatch.awaitGone(address, Duration.ofSeconds(5), Duration.ofMillis(50))).isTrue();
  }

  @Test
  void awaitReachableNamesTheTasksStillMissingAtTheDeadline() throws Exception {
    try (ServerSocket alive = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String gone = closedPort();
      assertThat(PeerWatch.awaitReachable(List.of("127.0.0.1:1", address(alive)), 0, Duration.ofSeconds(5), Duration.ofMillis(50)))
          .isEmpty();
      assertThat(PeerWatch.awaitReachable(List.of("127.0.0.1:1", address(alive), gone), 0, Duration.ofMillis(200), Duration.ofMillis(50)))
          .containsExactly(new PeerWatch.Lost(2, gone, "connection refused"));
    }
  }
}
