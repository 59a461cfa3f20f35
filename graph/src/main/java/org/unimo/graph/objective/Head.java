package org.unimo.graph.objective;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.family.TType;

/**
 * A fine-tuning head: an {@link Objective} that also predicts. Besides its training loss it builds,
 * in the inference graph, dropout-free outputs from the model's inputs, which the exporter serves as
 * a signature named after the head.
 */
public interface Head extends Objective {
  /**
   * Builds the head's prediction outputs under {@code graph.scope()} from the model's inputs
   * ({@link ObjectiveGraph#pairs()}).
   */
  Prediction predict(ObjectiveGraph graph);

  /**
   * A head's outputs in the inference graph, served as the signature its spec names ({@link
   * org.unimo.dsl.HeadSpec#signature()}).
   *
   * @param primary the output that callers read by default, a float32 [B, K]: the spec's {@link
   *     org.unimo.dsl.HeadSpec#output()}
   * @param inputs the model inputs the outputs read, by signature key (e.g. {@code token_ids})
   * @param outputs the outputs, by signature key (e.g. {@code probabilities})
   */
  record Prediction(
      String primary,
      Map<String, Operand<? extends TType>> inputs,
      Map<String, Operand<? extends TType>> outputs) {
    public Prediction {
      inputs = Map.copyOf(inputs);
      outputs = Map.copyOf(outputs);
      if (!outputs.containsKey(primary)) {
        throw new IllegalArgumentException("the primary output '" + primary + "' is not among " + outputs.keySet());
      }
    }

    /** The outputs, {@code spec}'s served output among them. */
    public static Prediction of(org.unimo.dsl.HeadSpec spec, Map<String, Operand<? extends TType>> inputs, Map<String, Operand<? extends TType>> outputs) {
      return new Prediction(spec.output(), inputs, outputs);
    }
  }
}
