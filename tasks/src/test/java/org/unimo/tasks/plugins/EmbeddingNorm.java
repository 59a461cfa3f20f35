package org.unimo.tasks.plugins;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.CustomObjectiveSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.StepFeeds;
import org.unimo.graph.TextInputs;
import org.unimo.graph.UnifiedEncoder;
import org.unimo.graph.objective.Objective;
import org.unimo.graph.objective.ObjectiveGraph;
import org.unimo.graph.objective.ObjectiveType;
import org.unimo.graph.objective.StepBatch;

/**
 * A dummy objective from outside the toolkit: pulls the mean of the pooled text representation
 * (before normalization) towards {@code params["target"]}. Declared in a spec as {@code objectives
 * { custom { name: "embedding_norm" params { key: "target" value: 0.5 } } }}.
 */
final class EmbeddingNorm implements Objective {
  static final ObjectiveType TYPE = ObjectiveType.custom("embedding_norm", EmbeddingNorm::new);

  private final CustomObjectiveSpec spec;
  private final float target;

  EmbeddingNorm(CustomObjectiveSpec spec, ModelSpec model) {
    this.spec = spec;
    this.target = spec.params().getOrDefault("target", 0.5).floatValue();
  }

  @Override
  public ObjectiveSpec spec() {
    return spec;
  }

  @Override
  public Compiled build(ObjectiveGraph graph) {
    Ops scope = graph.scope();
    UnifiedEncoder encoder = graph.encoder();
    TextInputs input = TextInputs.placeholders(scope, encoder.textLength());
    Operand<TFloat32> pooled = encoder.pool(scope, encoder.encodeText(scope, input.tokenIds(), input.mask(), true), input.mask());
    Operand<TFloat32> mean = scope.math.mean(pooled, scope.constant(new int[] {0, 1}));
    Operand<TFloat32> loss = scope.withName("loss").math.square(scope.math.sub(mean, scope.constant(target)));
    return new Compiled() {
      @Override
      public Operand<TFloat32> loss() {
        return loss;
      }

      @Override
      public void feed(StepBatch batch, StepFeeds feeds) {
        input.feed(batch.texts(spec.name()), feeds);
      }
    };
  }
}
