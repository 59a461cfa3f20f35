package org.unimo.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.types.TFloat32;

/**
 * The overridable weight sums of the {@link Losses#weightedMean}s a loss depends on: what gradient
 * accumulation counts over a whole batch before it runs the micro-batches.
 */
public final class Denominators {
  private Denominators() {}

  /**
   * One weighted mean's weight sum.
   *
   * @param local the sum over the fed batch (fetch it to count a micro-batch; it needs the feeds
   *     only, no forward pass, for every built-in objective)
   * @param override where the whole batch's sum is fed
   */
  public record Denominator(Output<TFloat32> local, Output<TFloat32> override) {}

  /** The weight sums {@code loss} depends on, in name order. */
  @SuppressWarnings("unchecked")
  public static List<Denominator> of(Graph graph, Operand<TFloat32> loss) {
    Set<GraphOperation> needed = graph.subgraphTo(Set.of(loss));
    List<Denominator> found = new ArrayList<>();
    for (GraphOperation op : needed) {
      if (op.type().equals("PlaceholderWithDefault") && isDenominator(op.name())) {
        found.add(new Denominator((Output<TFloat32>) (Output<?>) op.input(0), (Output<TFloat32>) (Output<?>) op.output(0)));
      }
    }
    found.sort(Comparator.comparing(d -> d.override().op().name()));
    return found;
  }

  /** Whether an op sits in a weighted mean's scope (a second one in a scope is made unique: {@code denominator_1}). */
  private static boolean isDenominator(String name) {
    String[] parts = name.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].matches(java.util.regex.Pattern.quote(Losses.DENOMINATOR_SCOPE) + "(_\\d+)?")) {
        return true;
      }
    }
    return false;
  }
}
