package org.unimo.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
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
  private final Session.Runner runner;
  private final List<Tensor> tensors = new ArrayList<>();
  private final Set<String> fed = new HashSet<>();

  public StepFeeds(Session.Runner runner) {
    this.runner = runner;
  }

  /** The runner the feeds go to, for fetches and targets. */
  public Session.Runner runner() {
    return runner;
  }

  /** Feeds {@code tensor} (closed with this object) into {@code input}. */
  public <T extends TType> void feed(Operand<T> input, T tensor) {
    tensors.add(tensor);
    if (!fed.add(input.op().name())) {
      throw new IllegalStateException(input.op().name() + " is fed twice in one step");
    }
    runner.feed(input, tensor);
  }

  /** Feeds {@code input} from {@code tensor} unless it has been fed already in this step. */
  public <T extends TType> void feedOnce(Operand<T> input, Supplier<T> tensor) {
    if (!fed.contains(input.op().name())) {
      feed(input, tensor.get());
    }
  }

  @Override
  public void close() {
    tensors.forEach(Tensor::close);
    tensors.clear();
  }
}
