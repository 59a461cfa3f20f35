package org.unimo.tasks.training;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each loss's mean over the first and the last {@code window} steps that reported it: the check
 * that every declared objective learns. With {@code training.mix} a loss is reported only by the
 * steps on its kind of data, so the windows count those steps.
 *
 * <p>A loss reported by fewer than {@code 2 * window} steps is not judged: its two windows would
 * overlap, or the run is too short for warmup to have passed.
 *
 * @param window how many reporting steps each mean covers (fewer when a loss was reported less
 *     than that often)
 * @param first mean over the first steps, by loss name, in the order the losses first appeared
 * @param last mean over the last steps, same keys
 * @param reported how many steps reported each loss, same keys
 */
public record LossTrend(
    int window,
    ImmutableMap<String, Double> first,
    ImmutableMap<String, Double> last,
    ImmutableMap<String, Integer> reported) {

  /**
   * Follows a run step by step, holding only the two windows of each loss: a run of any length
   * keeps a constant amount of memory.
   */
  public static final class Tracker {
    private final int window;
    private final Map<String, List<Float>> first = new LinkedHashMap<>();
    private final Map<String, Deque<Float>> last = new LinkedHashMap<>();
    private final Map<String, Integer> reported = new LinkedHashMap<>();

    public Tracker(int window) {
      if (window < 1) {
        throw new IllegalArgumentException("window " + window + " is not positive");
      }
      this.window = window;
    }

    public void add(StepMetrics step) {
      step.losses()
          .forEach(
              (name, value) -> {
                List<Float> head = first.computeIfAbsent(name, n -> new ArrayList<>());
                if (head.size() < window) {
                  head.add(value);
                }
                Deque<Float> tail = last.computeIfAbsent(name, n -> new ArrayDeque<>());
                if (tail.size() == window) {
                  tail.removeFirst();
                }
                tail.addLast(value);
                reported.merge(name, 1, Integer::sum);
              });
    }

    public LossTrend trend() {
      ImmutableMap.Builder<String, Double> firstMeans = ImmutableMap.builder();
      ImmutableMap.Builder<String, Double> lastMeans = ImmutableMap.builder();
      first.forEach(
          (name, values) -> {
            firstMeans.put(name, mean(values));
            lastMeans.put(name, mean(List.copyOf(last.get(name))));
          });
      return new LossTrend(
          window, firstMeans.buildOrThrow(), lastMeans.buildOrThrow(), ImmutableMap.copyOf(reported));
    }
  }

  /** The trend of {@code steps}, in step order. */
  public static LossTrend of(List<StepMetrics> steps, int window) {
    Tracker tracker = new Tracker(window);
    steps.forEach(tracker::add);
    return tracker.trend();
  }

  /** Whether {@code name} was reported often enough for its two windows not to overlap. */
  public boolean judged(String name) {
    return reported.getOrDefault(name, 0) >= 2 * window;
  }

  /** The losses whose last mean is not below their first (NaN counts as not below). */
  public List<String> notDecreasing() {
    List<String> names = new ArrayList<>();
    first.forEach(
        (name, start) -> {
          if (judged(name) && !(last.get(name) < start)) {
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
                    !judged(name)
                        ? "  (" + reported.get(name) + " steps: too few to judge, needs " + 2 * window + ")"
                        : last.get(name) < start ? "" : "  (not decreasing)")));
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
