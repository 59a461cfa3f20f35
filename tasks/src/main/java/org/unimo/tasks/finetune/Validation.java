package org.unimo.tasks.finetune;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.unimo.tasks.metrics.Accuracy;
import org.unimo.tasks.metrics.MatthewsCorrelation;

/**
 * Scores a classification head on a task's validation examples during fine-tuning, and keeps
 * track of the best score: which step reached it, and whether the run has gone {@code patience}
 * evaluations without beating it (early stopping). The best so far is recorded in the run
 * directory ({@value #FILE}), so that a resumed run keeps comparing against it.
 *
 * <p>The metric is accuracy, the fraction of examples whose most probable class is their label:
 * what GLUE reports for SST-2 and MNLI and the spam set's figure; CoLA's official metric (Matthews
 * correlation) is printed beside it. Both are the metrics package's ({@link Accuracy}, {@link
 * MatthewsCorrelation}), which {@code unimo score} computes too.
 */
public final class Validation {
  /** The best validation score so far, in the run directory. */
  public static final String FILE = "best.json";

  /** What to score a head's probabilities with; {@link #of(TaskSource)} picks it for the task. */
  @FunctionalInterface
  public interface Predictions {
    /** Class probabilities [N, C] of {@code texts} (pairs when {@code seconds} has non-null entries). */
    float[][] predict(List<String> texts, List<@Nullable String> seconds);
  }

  /**
   * One evaluation.
   *
   * @param accuracy the fraction of examples whose most probable class is their label
   * @param mcc Matthews correlation of the predicted and true classes (binary and multiclass)
   */
  public record Score(long step, double accuracy, double mcc, int examples) {
    /** One line of the metrics stream: {@code {"step": N, "validation": {...}}}. */
    public String json(String task) {
      return String.format(
          Locale.ROOT,
          "{\"step\": %d, \"validation\": {\"task\": \"%s\", \"accuracy\": %.4f, \"mcc\": %.4f, \"examples\": %d}}",
          step,
          task,
          accuracy,
          mcc,
          examples);
    }
  }

  private final TaskSource task;
  private final int patience;
  private final Path runDir;
  private @Nullable Score best;
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
    Score score = evaluate(step, task.validation(), predictions);
    last = score;
    if (best == null || score.accuracy() > best.accuracy()) {
      best = score;
      sinceBest = 0;
      writeBest(score);
      return true;
    }
    sinceBest++;
    return false;
  }

  private @Nullable Score last;

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

  /** Scores {@code examples} with {@code predictions} in batches of 64. */
  public static Score evaluate(long step, List<TaskSource.Example> examples, Predictions predictions) {
    int[] predicted = new int[examples.size()];
    int[] actual = new int[examples.size()];
    for (int from = 0; from < examples.size(); from += BATCH) {
      List<TaskSource.Example> batch = examples.subList(from, Math.min(examples.size(), from + BATCH));
      List<String> texts = new ArrayList<>();
      List<@Nullable String> seconds = new ArrayList<>();
      for (TaskSource.Example e : batch) {
        texts.add(e.text());
        seconds.add(e.second());
      }
      float[][] probabilities = predictions.predict(texts, seconds);
      for (int i = 0; i < batch.size(); i++) {
        predicted[from + i] = argmax(probabilities[i]);
        actual[from + i] = batch.get(i).label();
      }
    }
    List<String> guessed = Arrays.stream(predicted).mapToObj(Integer::toString).toList();
    List<String> truth = Arrays.stream(actual).mapToObj(Integer::toString).toList();
    return new Score(step, Accuracy.score(guessed, truth), MatthewsCorrelation.score(guessed, truth), predicted.length);
  }

  private static final int BATCH = 64;

  static int argmax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private void writeBest(Score score) throws IOException {
    JsonObject json = new JsonObject();
    json.addProperty("task", task.name());
    json.addProperty("step", score.step());
    json.addProperty("accuracy", score.accuracy());
    json.addProperty("mcc", score.mcc());
    json.addProperty("examples", score.examples());
    org.unimo.tasks.training.AtomicFiles.writeString(runDir.resolve(FILE), json + "\n");
  }

  /** The best score recorded in {@code runDir}, if any. */
  public static Optional<Score> readBest(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(file)).getAsJsonObject();
      return Optional.of(
          new Score(
              json.get("step").getAsLong(),
              json.get("accuracy").getAsDouble(),
              json.get("mcc").getAsDouble(),
              json.get("examples").getAsInt()));
    } catch (RuntimeException e) {
      throw new IOException(file + ": not a record of the best validation score (" + e.getMessage() + ")", e);
    }
  }
}
