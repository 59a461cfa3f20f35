package org.unimo.graph.objective;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.ObjectiveSpec;
import org.unimo.graph.StepFeeds;

/**
 * A training objective: a pre-training objective or a fine-tuning head. The seam every objective
 * plugs into; the compiler and the trainer hold no code of any one objective.
 *
 * <p>An objective builds, in one name scope (its {@link ObjectiveSpec#name()}), its inputs, its head
 * and its loss; the compiler weights the loss and adds it to the total of its kind of data. Each
 * step, the trainer hands every active objective the step's batch of its kind of data ({@link
 * StepBatch}); the objective prepares what it needs from it (masking, targets, samples; keyed on the
 * step through {@link StepBatch#draws}) and feeds its inputs.
 *
 * <p>An objective reads its own section of the spec, the encoder and the inputs; never another
 * objective's settings. Objectives register through an {@link ObjectiveType} in an {@link
 * ObjectiveRegistry}.
 */
public interface Objective {
  /** The section of the spec that declares this objective: its name, weight and kind of data. */
  ObjectiveSpec spec();

  /** Builds this objective's inputs, head and (unweighted, scalar) loss under {@code graph.scope()}. */
  Compiled build(ObjectiveGraph graph);

  /** What the data source must provide beyond the plain examples of the objective's kind. */
  default List<DataRequirement> requires() {
    return List.of();
  }

  /**
   * Declares to {@code footprint} what a training step of this objective holds in memory (its
   * encoder passes, its heads' tensors, its own variables), for {@link
   * org.unimo.graph.MemoryEstimate}. Returns false, as the default does, when the objective does
   * not know: the estimate then lists it as not estimated rather than guess.
   */
  default boolean memory(Footprint footprint) {
    return false;
  }

  /** An objective in a compiled graph. */
  interface Compiled {
    /** The unweighted loss, a float32 scalar. */
    Operand<TFloat32> loss();

    /**
     * Scalars reported with the loss, by name (e.g. a head's accuracy on the step's batch); the
     * metrics stream records them as {@code NAME_METRIC}.
     */
    default java.util.Map<String, Operand<TFloat32>> metrics() {
      return java.util.Map.of();
    }

    /** Prepares this step's inputs from {@code batch} and feeds them. */
    void feed(StepBatch batch, StepFeeds feeds);

    /** A compiled objective of {@code loss}, fed by {@code feeder}. */
    static Compiled of(Operand<TFloat32> loss, Feeder feeder) {
      return of(loss, java.util.Map.of(), feeder);
    }

    /** A compiled objective of {@code loss} reporting {@code metrics}, fed by {@code feeder}. */
    static Compiled of(Operand<TFloat32> loss, java.util.Map<String, Operand<TFloat32>> metrics, Feeder feeder) {
      java.util.Map<String, Operand<TFloat32>> reported = java.util.Map.copyOf(metrics);
      return new Compiled() {
        @Override
        public Operand<TFloat32> loss() {
          return loss;
        }

        @Override
        public java.util.Map<String, Operand<TFloat32>> metrics() {
          return reported;
        }

        @Override
        public void feed(StepBatch batch, StepFeeds feeds) {
          feeder.feed(batch, feeds);
        }
      };
    }
  }

  /** How a compiled objective feeds a step: {@link Compiled#feed}. */
  @FunctionalInterface
  interface Feeder {
    void feed(StepBatch batch, StepFeeds feeds);
  }
}
