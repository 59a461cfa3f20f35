package org.unimo.tasks.pretrain;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each loss's mean over the first and the last {@code window} steps that reported it: the check
 * that every declared objective learns. With {@code training.mix} a loss is reported only by the
 * steps on its kind of data, so the windows count those steps.
 *
 * @param window how many reporting steps each mean covers (fewer when a loss was reported less
 *     than that often)
 * @param first mean over the first steps, by loss name, in the order the losses first appeared
 * @param last mean over the last steps, same keys
 */
public record LossTrend(int window, ImmutableMap<String, Double> first, ImmutableMap<String, Double> last) {

  /** The trend of {@code steps}, in step order. */
  public static LossTrend of(List<StepMetrics> steps, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window " + window + " is not positive");
    }
    Map<String, List<Float>> series = new LinkedHashMap<>();
    for (StepMetrics m : steps) {
      m.losses().forEach((name, value) -> series.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
    }
    ImmutableMap.Builder<String, Double> first = ImmutableMap.builder();
    ImmutableMap.Builder<String, Double> last = ImmutableMap.builder();
    series.forEach(
        (name, values) -> {
          int n = Math.min(window, values.size());
          first.put(name, mean(values.subList(0, n)));
          last.put(name, mean(values.subList(values.size() - n, values.size())));
        });
    return new LossTrend(window, first.buildOrThrow(), last.buildOrThrow());
  }

  /** The losses whose last mean is not below their first (NaN counts as not below). */
  public List<String> notDecreasing() {
    List<String> names = new ArrayList<>();
    first.forEach(
        (name, start) -> {
          if (!(last.get(name) < start)) {
            names.add(name);
          }
        });
    return names;
  }

  /** One line per loss: {@code mlm  5.1234 -> 3.2100}. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "loss means, first %d -> last %d steps reporting each:%n", window, window));
    first.forEach(
        (name, start) ->
            out.append(
                String.format(
                    Locale.ROOT,
                    "  %-20s %9.4f -> %9.4f%s%n",
                    name,
                    start,
                    last.get(name),
                    last.get(name) < start ? "" : "  (not decreasing)")));
    return out.toString();
  }

  private static double mean(List<Float> values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
