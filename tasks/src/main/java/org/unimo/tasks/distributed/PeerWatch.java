package org.unimo.tasks.distributed;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Whether the other tasks of a cluster are still there, by TCP connects to their TensorFlow
 * servers' ports.
 *
 * <p>Why a probe of its own: a collective whose peer has died fails only when its timeout runs out
 * (minutes, since it must cover the slowest first step), and its error does not say which task is
 * missing. A process that has exited refuses connections at once, so a connect names the lost task
 * within seconds. A connect that is accepted and closed at once costs the server nothing.
 *
 * <pre>{@code
 * try (PeerWatch watch = PeerWatch.start(addresses, 0, Duration.ofSeconds(1), 3, lost -> halt(lost))) {
 *   train();
 * }
 * }</pre>
 */
public final class PeerWatch implements AutoCloseable {
  /**
   * A task that did not answer.
   *
   * @param task its index in the cluster
   * @param address its {@code host:port}
   * @param reason why, e.g. {@code connection refused}
   */
  public record Lost(int task, String address, String reason) {
    /** {@code task 1 (127.0.0.1:2223): connection refused}. */
    public String describe() {
      return "task " + task + " (" + address + "): " + reason;
    }
  }

  private static final String REFUSED = "connection refused";

  private final Thread thread;
  private volatile boolean closed;

  private PeerWatch(Thread thread) {
    this.thread = thread;
  }

  /** The tasks other than {@code self} that do not accept a connection within {@code connectTimeout}. */
  public static List<Lost> probe(List<String> addresses, int self, Duration connectTimeout) {
    List<Lost> lost = new ArrayList<>();
    for (int task = 0; task < addresses.size(); task++) {
      if (task != self) {
        String reason = unreachable(addresses.get(task), connectTimeout);
        if (reason != null) {
          lost.add(new Lost(task, addresses.get(task), reason));
        }
      }
    }
    return lost;
  }

  /**
   * Probes the other tasks every {@code interval} on a daemon thread; the first task to miss {@code
   * misses} probes in a row goes to {@code onLost}, once, and the watch ends.
   */
  public static PeerWatch start(
      List<String> addresses, int self, Duration interval, int misses, Consumer<Lost> onLost) {
    List<String> peers = List.copyOf(addresses);
    PeerWatch[] watch = new PeerWatch[1];
    Thread thread =
        new Thread(
            () -> {
              int[] missed = new int[peers.size()];
              while (!watch[0].closed) {
                try {
                  Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                  return;
                }
                List<Lost> lost = probe(peers, self, interval.compareTo(Duration.ofSeconds(1)) < 0 ? interval : Duration.ofSeconds(1));
                boolean[] down = new boolean[peers.size()];
                for (Lost l : lost) {
                  down[l.task()] = true;
                }
                for (int task = 0; task < peers.size(); task++) {
                  missed[task] = down[task] ? missed[task] + 1 : 0;
                }
                for (Lost l : lost) {
                  if (missed[l.task()] >= misses && !watch[0].closed) {
                    watch[0].closed = true;
                    onLost.accept(l);
                    return;
                  }
                }
              }
            },
            "unimo-peer-watch");
    thread.setDaemon(true);
    watch[0] = new PeerWatch(thread);
    thread.start();
    return watch[0];
  }

  /**
   * Waits until every task other than {@code self} accepts connections, probing every {@code
   * interval}: the tasks still missing at the deadline (or when interrupted, with the thread's
   * interrupt flag set again), or an empty list.
   */
  public static List<Lost> awaitReachable(List<String> addresses, int self, Duration deadline, Duration interval) {
    AtomicReference<List<Lost>> missing = new AtomicReference<>(List.of());
    poll(deadline, interval, () -> missing.updateAndGet(m -> probe(addresses, self, Duration.ofSeconds(1))).isEmpty());
    return missing.get();
  }

  /**
   * Waits until {@code address} refuses connections (the process there has exited), probing every
   * {@code interval}: true when it did, false at the deadline.
   */
  public static boolean awaitGone(String address, Duration deadline, Duration interval) {
    // Only a refusal says the process is gone; a connect that times out may be a busy one.
    return poll(deadline, interval, () -> REFUSED.equals(unreachable(address, Duration.ofSeconds(1))));
  }

  /**
   * Asks {@code done} every {@code interval} until it says yes (true) or the deadline has passed
   * after an answer (false); an interrupt ends the wait (false), the interrupt flag set again.
   */
  private static boolean poll(Duration deadline, Duration interval, BooleanSupplier done) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > end) {
        return false;
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Why {@code host:port} does not accept a connection, or null when it does. */
  private static String unreachable(String address, Duration timeout) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(address.substring(colon + 1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return null;
    } catch (ConnectException e) {
      return REFUSED;
    } catch (SocketTimeoutException e) {
      return "no answer within " + timeout.toMillis() + " ms";
    } catch (IOException e) {
      return String.valueOf(e.getMessage());
    }
  }

  /** Stops watching (idempotent). */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
