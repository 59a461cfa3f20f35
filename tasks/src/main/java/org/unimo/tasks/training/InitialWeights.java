package org.unimo.tasks.training;

import java.util.List;
import java.util.Map;
import org.unimo.graph.weights.FloatTensor;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Weights a run starts from instead of its seeded initial values (an imported checkpoint), with the
 * tokenizer they were trained with. Variables not among them start fresh, as in the paper (region
 * projections, [IMG], objective heads).
 *
 * @param variables by variable path
 * @param source what they came from, for the run's manifest (e.g. {@code unimo import}'s {@code --from})
 * @param sha256 SHA-256 of the file they were read from, for the run's manifest
 */
public record InitialWeights(Tokenizer tokenizer, Map<String, FloatTensor> variables, String source, String sha256) {
  public InitialWeights {
    variables = Map.copyOf(variables);
  }

  /**
   * What a run started from them reports: how many variables were loaded, which started fresh, and
   * which of them the model has no variable for.
   */
  public String describe(List<String> fresh, List<String> absent) {
    return "started from "
        + source
        + ": "
        + (variables.size() - absent.size())
        + " variables loaded, "
        + fresh.size()
        + " initialized fresh"
        + (fresh.isEmpty() ? "" : " (" + String.join(", ", fresh) + ")")
        + (absent.isEmpty() ? "" : "; not used by this model: " + String.join(", ", absent));
  }
}
