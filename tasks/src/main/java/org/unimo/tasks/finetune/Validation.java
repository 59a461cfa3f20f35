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
import org.unimo.dsl.TaskDataSpec;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.Outputs;
import org.unimo.tasks.eval.RetrievalEvaluator;
import org.unimo.tasks.metrics.Accuracy;
import org.unimo.tasks.metrics.MatthewsCorrelation;
import org.unimo.tasks.metrics.Pearson;
import org.unimo.tasks.metrics.RecallAtK;
import org.unimo.tasks.metrics.Spearman;
import org.unimo.tasks.metrics.VqaAccuracy;
import org.unimo.tasks.training.AtomicFiles;

/**
 * Scores a head on a task's validation examples during fine-tuning, and keeps track of the best
 * score: which step reached it, and whether the run has gone {@code patience} evaluations without
 * beating it (early stopping). The best so far is recorded in the run directory ({@value #FILE}),
 * so that a resumed run keeps comparing against it.
 *
 * <p>A classification task (text, or image and text: SNLI-VE) is scored by accuracy (the fraction
 * of examples whose most probable class is their label: GLUE's metric for SST-2 and MNLI, SNLI-VE's,
 * and the spam set's figure), with Matthews correlation beside it (for CoLA, whose official metric
 * it is, Matthews correlation decides, with accuracy beside it); a
 * regression task (STS-B) by Pearson correlation, with Spearman's beside it; VQA by the official VQA
 * accuracy of the top answer; retrieval by the mean of its six recalls (R@1, 5, 10 both ways). The
 * first metric decides the best. All come from the metrics package, which {@code unimo score} uses
 * too.
 */
public final class Validation {
  /** The best validation score so far, in the run directory. */
  public static final String FILE = "best.json";

  /**
   * The model a head is scored with: the live one during fine-tuning, or an exported one ({@code
   * unimo eval}).
   */
  public interface HeadModel {
    /**
     * The head's primary output for texts (pairs where {@code seconds} has non-null entries):
     * class probabilities [N, C] or values [N, 1].
     */
    float[][] predict(List<String> texts, List<@Nullable String> seconds);

    /** The head's primary output for texts each about an image: class probabilities or answer scores. */
    float[][] predictWithImages(List<String> texts, List<ImageRegions> images);

    /** L2-normalized text embeddings, as retrieval compares them. */
    float[][] embedTexts(List<String> texts);

    /** L2-normalized image embeddings. */
    float[][] embedImages(List<ImageRegions> images);
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
  public boolean score(long step, HeadModel model) throws IOException {
    Score score = evaluate(step, task, task.validation(), model);
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

  /**
   * Scores {@code examples} of {@code task} with {@code model}, in batches of 64, by the task's
   * metric: accuracy and MCC for a classification task, Pearson and Spearman for a regression
   * task, the official VQA accuracy (overall, then per answer type) for VQA, and for retrieval
   * (a Karpathy split) the mean of text-to-image and image-to-text R@1, R@5 and R@10 over the
   * examples' distinct images, then each recall.
   */
  public static Score evaluate(long step, TaskSource task, List<TaskSource.Example> examples, HeadModel model) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("task " + task.name() + ": no examples to score");
    }
    if (task.format() == TaskDataSpec.Format.KARPATHY) {
      return retrieval(step, task, examples, model);
    }
    return score(step, task, examples, outputs(task, examples, model));
  }

  /** The head's primary output for each of {@code examples}, in batches of 64. */
  public static float[][] outputs(TaskSource task, List<TaskSource.Example> examples, HeadModel model) {
    boolean images = task.format().images();
    float[][] outputs = new float[examples.size()][];
    for (int from = 0; from < examples.size(); from += BATCH) {
      List<TaskSource.Example> batch = examples.subList(from, Math.min(examples.size(), from + BATCH));
      List<String> texts = batch.stream().map(TaskSource.Example::text).toList();
      float[][] predicted;
      if (images) {
        predicted = model.predictWithImages(texts, batch.stream().map(e -> task.image(e.image())).toList());
      } else {
        List<@Nullable String> seconds = new ArrayList<>();
        batch.forEach(e -> seconds.add(e.second()));
        predicted = model.predict(texts, seconds);
      }
      System.arraycopy(predicted, 0, outputs, from, batch.size());
    }
    return outputs;
  }

  /**
   * Scores outputs of any system, row i for example i: class scores (the highest is the class; for
   * VQA the answer), or one value per example for a regression task.
   */
  public static Score score(long step, TaskSource task, List<TaskSource.Example> examples, float[][] outputs) {
    if (outputs.length != examples.size()) {
      throw new IllegalArgumentException(outputs.length + " outputs for " + examples.size() + " examples");
    }
    Map<String, Double> values = new LinkedHashMap<>();
    if (task.regression()) {
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
    if (task.format() == TaskDataSpec.Format.VQA_V2) {
      VqaAccuracy.Result result = vqa(task, examples, outputs);
      values.put("vqa", result.overall());
      result.perAnswerType().forEach((type, accuracy) -> values.put("vqa_" + type, accuracy));
      return new Score(step, "vqa", values, outputs.length);
    }
    List<String> guessed = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (int i = 0; i < outputs.length; i++) {
      guessed.add(Integer.toString(Outputs.argmax(outputs[i])));
      truth.add(Integer.toString(examples.get(i).label()));
    }
    double accuracy = Accuracy.score(guessed, truth);
    double mcc = MatthewsCorrelation.score(guessed, truth);
    if (task.format() == TaskDataSpec.Format.GLUE_COLA) {
      // CoLA's official metric decides.
      values.put("mcc", mcc);
      values.put("accuracy", accuracy);
      return new Score(step, "mcc", values, outputs.length);
    }
    values.put("accuracy", accuracy);
    values.put("mcc", mcc);
    return new Score(step, "accuracy", values, outputs.length);
  }

  /**
   * The official VQA accuracy of outputs (answer scores, the highest is the answer), with its
   * breakdowns by answer type and by question type.
   */
  public static VqaAccuracy.Result vqa(TaskSource task, List<TaskSource.Example> examples, float[][] outputs) {
    List<VqaAccuracy.Question> questions = new ArrayList<>();
    for (int i = 0; i < outputs.length; i++) {
      TaskSource.Example e = examples.get(i);
      questions.add(
          new VqaAccuracy.Question(
              e.where(), humanAnswers(e.answers()), e.answerType(), e.questionType(), task.labelNames().get(Outputs.argmax(outputs[i]))));
    }
    return VqaAccuracy.score(questions);
  }

  /**
   * The annotators' answers as the official script compares them: each record distinct (VQA v2
   * numbers them by {@code answer_id} 1 to 10), so that leaving one annotator out leaves only that
   * one out, not every record equal to it.
   */
  private static List<VqaAccuracy.HumanAnswer> humanAnswers(List<String> answers) {
    List<VqaAccuracy.HumanAnswer> human = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonObject identity = new JsonObject();
      identity.addProperty("answer_id", i + 1);
      human.add(new VqaAccuracy.HumanAnswer(answers.get(i), identity));
    }
    return human;
  }

  /** Retrieval among the examples' captions and their distinct images, each ranked against all of the others. */
  private static Score retrieval(long step, TaskSource task, List<TaskSource.Example> examples, HeadModel model) {
    Map<String, Integer> imageIndex = new LinkedHashMap<>();
    List<Integer> ofText = new ArrayList<>();
    for (TaskSource.Example e : examples) {
      ofText.add(imageIndex.computeIfAbsent(e.image(), id -> imageIndex.size()));
    }
    List<String> ids = List.copyOf(imageIndex.keySet());
    float[][] texts = new float[examples.size()][];
    for (int from = 0; from < examples.size(); from += BATCH) {
      List<TaskSource.Example> batch = examples.subList(from, Math.min(examples.size(), from + BATCH));
      float[][] embedded = model.embedTexts(batch.stream().map(TaskSource.Example::text).toList());
      System.arraycopy(embedded, 0, texts, from, batch.size());
    }
    float[][] images = new float[ids.size()][];
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
      float[][] embedded = model.embedImages(batch.stream().map(task::image).toList());
      System.arraycopy(embedded, 0, images, from, batch.size());
    }
    float[][] textToImage = RetrievalEvaluator.similarities(texts, images);
    float[][] imageToText = RetrievalEvaluator.similarities(images, texts);
    List<List<Integer>> imageOfText = new ArrayList<>();
    List<List<Integer>> textsOfImage = new ArrayList<>();
    for (int i = 0; i < images.length; i++) {
      textsOfImage.add(new ArrayList<>());
    }
    for (int t = 0; t < texts.length; t++) {
      imageOfText.add(List.of(ofText.get(t)));
      textsOfImage.get(ofText.get(t)).add(t);
    }
    RecallAtK.Result t2i = RecallAtK.ofScores(textToImage, imageOfText);
    RecallAtK.Result i2t = RecallAtK.ofScores(imageToText, textsOfImage);
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("recall_mean", (t2i.r1() + t2i.r5() + t2i.r10() + i2t.r1() + i2t.r5() + i2t.r10()) / 6);
    values.put("text_to_image_r1", t2i.r1());
    values.put("text_to_image_r5", t2i.r5());
    values.put("text_to_image_r10", t2i.r10());
    values.put("image_to_text_r1", i2t.r1());
    values.put("image_to_text_r5", i2t.r5());
    values.put("image_to_text_r10", i2t.r10());
    return new Score(step, "recall_mean", values, examples.size());
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
