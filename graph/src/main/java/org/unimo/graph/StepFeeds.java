package org.unimo.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.family.TType;

/**
 * The inputs of one session run, fed by typed handles: each input at most once (two objectives that
 * share an input, such as MRFR and MRC the masked regions, both may offer it), and every tensor
 * closed with this object.
 *
 * <pre>{@code
 * try (StepFeeds feeds = new StepFeeds(session.runner())) {
 *   feeds.feed(inputs.tokenIds(), batch.tokenIdsTensor());
 *   ...
 * }
 * }</pre>
 */
public final class StepFeeds implements AutoCloseable {
  private final Session.@Nullable Runner runner;
  private final List<Feed<?>> feeds = new ArrayList<>();
  private final Set<String> fed = new HashSet<>();

  /** Feeds that go to {@code runner} as they come. */
  public StepFeeds(Session.Runner runner) {
    this.runner = runner;
  }

  private StepFeeds() {
    this.runner = null;
  }

  /**
   * Feeds kept for several runs (gradient accumulation counts a micro-batch, then trains on it):
   * {@link #feedTo} hands them to each run's runner.
   */
  public static StepFeeds kept() {
    return new StepFeeds();
  }

  private record Feed<T extends TType>(Operand<T> input, T tensor) {
    void to(Session.Runner runner) {
      runner.feed(input, tensor);
    }
  }

  /** The runner the feeds go to, for fetches and targets. */
  public Session.Runner runner() {
    if (runner == null) {
      throw new IllegalStateException("kept feeds have no runner of their own: use feedTo");
    }
    return runner;
  }

  /** Feeds every input fed so far into {@code other} and returns it. */
  public Session.Runner feedTo(Session.Runner other) {
    feeds.forEach(f -> f.to(other));
    return other;
  }

  /** Feeds {@code tensor} (closed with this object) into {@code input}. */
  public <T extends TType> void feed(Operand<T> input, T tensor) {
    Feed<T> feed = new Feed<>(input, tensor);
    feeds.add(feed);
    if (!fed.add(input.op().name())) {
      throw new IllegalStateException(input.op().name() + " is fed twice in one step");
    }
    if (runner != null) {
      feed.to(runner);
    }
  }

  /** Feeds {@code input} from {@code tensor} unless it has been fed already in this step. */
  public <T extends TType> void feedOnce(Operand<T> input, Supplier<T> tensor) {
    if (!fed.contains(input.op().name())) {
      feed(input, tensor.get());
    }
  }

  @Override
  public void close() {
    feeds.forEach(f -> f.tensor().close());
    feeds.clear();
  }
}
