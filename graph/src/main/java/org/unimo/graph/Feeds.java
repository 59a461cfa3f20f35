package org.unimo.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;

/**
 * The tensors fed to one session run, closed together after the run.
 *
 * <pre>{@code
 * try (Feeds feeds = new Feeds()) {
 *   batch.feed(session.runner(), feeds).fetch(Names.TEXT_EMBEDDING).run();
 * }
 * }</pre>
 */
public final class Feeds implements AutoCloseable {
  private final List<Tensor> tensors = new ArrayList<>();

  /** Registers {@code tensor} to be closed with this object, and returns it. */
  public <T extends Tensor> T add(T tensor) {
    tensors.add(tensor);
    return tensor;
  }

  @Override
  public void close() {
    tensors.forEach(Tensor::close);
    tensors.clear();
  }
}
