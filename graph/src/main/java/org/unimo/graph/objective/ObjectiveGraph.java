package org.unimo.graph.objective;

import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.tensorflow.op.Ops;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.Layers;
import org.unimo.graph.PairInputs;
import org.unimo.graph.Params;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.distributed.Collectives;

/**
 * What an objective builds its graph with: its own name scope, the shared encoder and layers, the
 * model's pair inputs, and components shared between objectives.
 */
public final class ObjectiveGraph {
  private final ModelSpec spec;
  private final Ops root;
  private final Ops scope;
  private final UnifiedEncoder encoder;
  private final PairInputs pairs;
  private final Map<String, Object> shared;
  private final @Nullable Collectives acrossTasks;

  /** For the compiler: {@code shared} is one map per compilation. */
  public ObjectiveGraph(
      ModelSpec spec, Ops root, String scope, UnifiedEncoder encoder, PairInputs pairs, Map<String, Object> shared) {
    this(spec, root, scope, encoder, pairs, shared, null);
  }

  /**
   * For the compiler: as above, in one task's replica of a data-parallel run whose in-batch
   * candidates are gathered across the tasks with {@code acrossTasks}.
   */
  public ObjectiveGraph(
      ModelSpec spec,
      Ops root,
      String scope,
      UnifiedEncoder encoder,
      PairInputs pairs,
      Map<String, Object> shared,
      @Nullable Collectives acrossTasks) {
    this.acrossTasks = acrossTasks;
    this.spec = spec;
    this.root = root;
    this.scope = root.withSubScope(scope);
    this.encoder = encoder;
    this.pairs = pairs;
    this.shared = shared;
  }

  public ModelSpec spec() {
    return spec;
  }

  /** The objective's name scope: its inputs, head and loss go here. */
  public Ops scope() {
    return scope;
  }

  public UnifiedEncoder encoder() {
    return encoder;
  }

  public Layers layers() {
    return encoder.layers();
  }

  public Params params() {
    return encoder.layers().params();
  }

  /**
   * The model's image-text inputs ({@code text/...}, {@code image/...}): what the exported model
   * embeds and scores, and what every pair objective reads its pair batch from.
   */
  public PairInputs pairs() {
    return pairs;
  }

  /**
   * A component several objectives share (one masked-region encoding for MRFR and MRC, one LM
   * head): built once, in its own scope {@code key}, by the first objective that asks.
   */
  public <T> T shared(String key, Class<T> type, Function<ObjectiveGraph, T> build) {
    Object existing = shared.get(key);
    if (existing == null) {
      existing = build.apply(new ObjectiveGraph(spec, root, key, encoder, pairs, shared, acrossTasks));
      shared.put(key, existing);
    }
    return type.cast(existing);
  }

  /**
   * In one task of a data-parallel run that gathers in-batch candidates, the collectives that
   * gather every task's rows ({@link Collectives#allGather}, differentiable); otherwise null, and
   * an objective contrasts its batch alone. An objective that draws negatives from the batch (CMCL)
   * gathers its candidates with it, so N tasks compute one process's loss on the global batch.
   */
  public @Nullable Collectives acrossTasks() {
    return acrossTasks;
  }
}
