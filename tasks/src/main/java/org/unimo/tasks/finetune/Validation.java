package org.unimo.tasks.finetune;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.Outputs;
import org.unimo.tasks.metrics.Accuracy;
import org.unimo.tasks.metrics.MatthewsCorrelation;
import org.unimo.tasks.metrics.Pearson;
import org.unimo.tasks.metrics.Spearman;
import org.unimo.tasks.training.AtomicFiles;

/**
 * Scores a head on a task's validation examples during fine-tuning, and keeps track of the best
 * score: which step reached it, and whether the run has gone {@code patience} evaluations without
 * beating it (early stopping). The best so far is recorded in the run directory ({@value #FILE}),
 * so that a resumed run keeps comparing against it.
 *
 * <p>A classification task is scored by accuracy (the fraction of examples whose most probable
 * class is their label: GLUE's metric for SST-2 and MNLI, and the spam set's figure), with Matthews
 * correlation (CoLA's official metric) beside it; a regression task (STS-B) by Pearson correlation,
 * with Spearman's beside it. The first of each pair decides the best. All come from the metrics
 * package, which {@code unimo score} uses too.
 */
public final class Validation {
  /** The best validation score so far, in the run directory. */
  public static final String FILE = "best.json";

  /** A head's outputs for texts: class probabilities [N, C], or values [N, 1] of a regression head. */
  @FunctionalInterface
  public interface Predictions {
    /** Outputs of {@code texts} (pairs where {@code seconds} has non-null entries). */
    float[][] predict(List<String> texts, List<@Nullable String> seconds);
  }

  /**
   * One evaluation.
   *
   * @param metric the metric that decides the best: {@code accuracy} or {@code pearson}
   * @param values every metric computed, by name, the deciding one first
   */
  public record Score(long step, String metric, Map<String, Double> values, int examples) {
    public Score {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      if (!values.containsKey(metric)) {
        throw new IllegalArgumentException("no " + metric + " among " + values.keySet());
      }
    }

    /** The deciding metric's value. */
    public double value() {
      return values.get(metric);
    }

    /** One line of the metrics stream: {@code {"step": N, "validation": {"task", METRICS..., "examples"}}}. */
    public String json(String task) {
      StringBuilder line = new StringBuilder();
      line.append(String.format(Locale.ROOT, "{\"step\": %d, \"validation\": {\"task\": \"%s\"", step, task));
      values.forEach((name, value) -> line.append(String.format(Locale.ROOT, ", \"%s\": %.4f", name, value)));
      return line.append(String.format(Locale.ROOT, ", \"examples\": %d}}", examples)).toString();
    }

    /** The metrics, e.g. {@code accuracy 0.9596, mcc 0.9052}. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      values.forEach((name, value) -> parts.add(String.format(Locale.ROOT, "%s %.4f", name, value)));
      return String.join(", ", parts);
    }
  }

  private final TaskSource task;
  private final int patience;
  private final Path runDir;
  private @Nullable Score best;
  private @Nullable Score last;
  private int sinceBest;

  private Validation(TaskSource task, int patience, Path runDir, @Nullable Score best) {
    this.task = task;
    this.patience = patience;
    this.runDir = runDir;
    this.best = best;
  }

  /**
   * Validation of {@code task}'s head in {@code runDir}, resuming from its recorded best if any.
   *
   * @param patience evaluations without improvement before {@link #exhausted()}; 0 never stops
   * @throws IllegalArgumentException if the task has no validation examples
   */
  public static Validation of(TaskSource task, int patience, Path runDir) throws IOException {
    if (task.validation().isEmpty()) {
      throw new IllegalArgumentException(
          "data.task.validation: task " + task.name() + " has no validation examples to score the head on");
    }
    return new Validation(task, patience, runDir, readBest(runDir).orElse(null));
  }

  /** Scores the head's predictions at {@code step}; true when they beat the best so far (then recorded). */
  public boolean score(long step, Predictions predictions) throws IOException {
    Score score = evaluate(step, task.validation(), task.regression(), predictions);
    last = score;
    if (best == null || score.value() > best.value()) {
      best = score;
      sinceBest = 0;
      writeBest(score);
      return true;
    }
    sinceBest++;
    return false;
  }

  /** The last evaluation, or null before the first. */
  public @Nullable Score last() {
    return last;
  }

  /** The best evaluation so far (this run's or, resumed, recorded before), or null. */
  public @Nullable Score best() {
    return best;
  }

  /** Whether {@code patience} evaluations in a row have not beaten the best (never with patience 0). */
  public boolean exhausted() {
    return patience > 0 && sinceBest >= patience;
  }

  /** Scores {@code examples} with {@code predictions}, in batches of 64. */
  public static Score evaluate(long step, List<TaskSource.Example> examples, boolean regression, Predictions predictions) {
    float[][] outputs = new float[examples.size()][];
    for (int from = 0; from < examples.size(); from += BATCH) {
      List<TaskSource.Example> batch = examples.subList(from, Math.min(examples.size(), from + BATCH));
      List<String> texts = new ArrayList<>();
      List<@Nullable String> seconds = new ArrayList<>();
      for (TaskSource.Example e : batch) {
        texts.add(e.text());
        seconds.add(e.second());
      }
      float[][] predicted = predictions.predict(texts, seconds);
      System.arraycopy(predicted, 0, outputs, from, batch.size());
    }
    Map<String, Double> values = new LinkedHashMap<>();
    if (regression) {
      double[] predicted = new double[outputs.length];
      double[] actual = new double[outputs.length];
      for (int i = 0; i < outputs.length; i++) {
        predicted[i] = outputs[i][0];
        actual[i] = examples.get(i).score();
      }
      values.put("pearson", Pearson.score(predicted, actual));
      values.put("spearman", Spearman.score(predicted, actual));
      return new Score(step, "pearson", values, outputs.length);
    }
    List<String> guessed = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (int i = 0; i < outputs.length; i++) {
      guessed.add(Integer.toString(Outputs.argmax(outputs[i])));
      truth.add(Integer.toString(examples.get(i).label()));
    }
    values.put("accuracy", Accuracy.score(guessed, truth));
    values.put("mcc", MatthewsCorrelation.score(guessed, truth));
    return new Score(step, "accuracy", values, outputs.length);
  }

  private static final int BATCH = 64;

  private void writeBest(Score score) throws IOException {
    JsonObject json = new JsonObject();
    json.addProperty("task", task.name());
    json.addProperty("step", score.step());
    json.addProperty("metric", score.metric());
    JsonObject values = new JsonObject();
    score.values().forEach(values::addProperty);
    json.add("values", values);
    json.addProperty("examples", score.examples());
    AtomicFiles.writeString(runDir.resolve(FILE), json + "\n");
  }

  /** The best score recorded in {@code runDir}, if any. */
  public static Optional<Score> readBest(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      Map<String, Double> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("values").entrySet()) {
        values.put(e.getKey(), e.getValue().getAsDouble());
      }
      return Optional.of(new Score(json.get("step").getAsLong(), json.get("metric").getAsString(), values, json.get("examples").getAsInt()));
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a record of the best validation score (" + e.getMessage() + ")", e);
    }
  }
}
