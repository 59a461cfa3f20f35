package org.unimo.graph;

import com.google.common.collect.ImmutableList;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.unimo.dsl.ModelSpec;

/**
 * A spec compiled into a TensorFlow graph. Owns the graph: close it when done.
 *
 * <p>Feed and fetch by the names in {@link Names}. A compiled model is not changed by training:
 * sessions opened on it hold the variable values.
 */
public final class CompiledModel implements AutoCloseable {
  private final ModelSpec spec;
  private final CompileOptions options;
  private final Graph graph;
  private final long parameterCount;
  private final ImmutableList<String> variables;

  CompiledModel(
      ModelSpec spec,
      CompileOptions options,
      Graph graph,
      long parameterCount,
      ImmutableList<String> variables) {
    this.spec = spec;
    this.options = options;
    this.graph = graph;
    this.parameterCount = parameterCount;
    this.variables = variables;
  }

  public ModelSpec spec() {
    return spec;
  }

  public CompileOptions options() {
    return options;
  }

  public Graph graph() {
    return graph;
  }

  /** Number of trainable scalars (optimizer slots and the step counter not included). */
  public long parameterCount() {
    return parameterCount;
  }

  /** Names of the trainable variables, in the order the optimizer updates them. */
  public ImmutableList<String> variables() {
    return variables;
  }

  /**
   * A new session configured from the spec's compile section (threads, XLA). Variables are
   * initialized from the seed on the first run unless restored first.
   */
  public Session newSession() {
    return new Session(graph, SessionConfigs.of(spec.proto().getCompile()));
  }

  @Override
  public void close() {
    graph.close();
  }
}
