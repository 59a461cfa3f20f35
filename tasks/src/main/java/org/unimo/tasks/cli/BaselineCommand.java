package org.unimo.tasks.cli;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.tasks.baseline.BagOfWords;
import org.unimo.tasks.baseline.Majority;
import org.unimo.tasks.baseline.MajorityPerType;
import org.unimo.tasks.baseline.NearestImageCaption;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.finetune.Validation;
import org.unimo.tasks.metrics.CaptionExample;
import org.unimo.tasks.metrics.CaptionMetrics;

/**
 * {@code unimo baseline --config C --method M [--split validation|test]}: trains a baseline on a
 * config's task ({@code data.task}, the files and split fine-tuning uses) and scores it on the
 * validation or test examples with the fine-tuned head's metrics, so the two stand side by side.
 *
 * <ul>
 *   <li>{@code majority}: the training set's most frequent class; for VQA the most frequent
 *       answer of each question type (VQA's "per question type prior").
 *   <li>{@code naive-bayes}, {@code logistic-regression}: bag-of-words classifiers of the texts
 *       ({@link BagOfWords}); on a task with images they read the text alone (SNLI-VE's hypothesis,
 *       VQA's question): how far the words go without the image.
 *   <li>{@code ridge}: bag-of-words ridge regression, for a scored task (STS-B).
 *   <li>{@code nearest-image}: for a KARPATHY task (captioned images), captions each scored image
 *       with the consensus caption of the training image ("train" and "restval") whose mean-pooled
 *       region features are most similar ({@link NearestImageCaption}); scored as COCO captions
 *       ({@link CaptionMetrics}: BLEU-1..4, CIDEr-D, ROUGE-L) against the image's captions. It is
 *       the only method for KARPATHY, and KARPATHY the only format it takes.
 * </ul>
 */
final class BaselineCommand implements Command {
  private static final List<String> METHODS = List.of("majority", "naive-bayes", "logistic-regression", "ridge", "nearest-image");
  private static final String NEAREST_IMAGE = "nearest-image";

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public String summary() {
    return "score a majority, bag-of-words or nearest-image captioning baseline on a config's task, with the head's metrics; one JSON object";
  }

  @Override
  public String synopsis() {
    return "--config FILE --method majority|naive-bayes|logistic-regression|ridge|nearest-image [--split validation|test]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("config").hasArg().argName("FILE").desc("a spec whose data.task the baseline trains and is scored on").build())
        .addOption(Option.builder().longOpt("method").hasArg().argName("M").desc(String.join(", ", METHODS)).build())
        .addOption(
            Option.builder()
                .longOpt("split")
                .hasArg()
                .argName("S")
                .desc("validation or test (default: test for spam and KARPATHY, else validation)")
                .build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    for (String required : List.of("config", "method")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo baseline --help)");
      }
    }
    String method = line.getOptionValue("method").toLowerCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new UsageException("--method: expected " + String.join(", ", METHODS) + ", got '" + line.getOptionValue("method") + "'");
    }
    String split = line.getOptionValue("split");
    if (split != null && !split.equals("test") && !split.equals("validation")) {
      throw new UsageException("--split: expected test or validation, got '" + split + "'");
    }
    ModelSpec spec = ModelSpec.read(Path.of(line.getOptionValue("config")));
    TaskDataSpec data =
        spec.data().task().orElseThrow(() -> new UsageException(line.getOptionValue("config") + " has no data.task to train a baseline on"));
    boolean karpathy = data.format() == TaskDataSpec.Format.KARPATHY;
    if (karpathy != method.equals(NEAREST_IMAGE)) {
      throw new UsageException(
          karpathy
              ? "--method " + method + ": the task's format is KARPATHY, captioned images without classes; use nearest-image"
              : "--method nearest-image: captions the images of a KARPATHY task; the task's format is " + data.format()
                  + (data.format().images() ? " (images without reference captions)" : " (no images)"));
    }
    if (karpathy) {
      return nearestImage(spec, data, split != null ? split : "test", out, err);
    }
    if (data.format().regression() != method.equals("ridge")) {
      throw new UsageException(
          data.format().regression()
              ? "--method: " + data.format() + " is scored, not classified: use ridge"
              : "--method: ridge is for a scored task (GLUE_STSB); use majority, naive-bayes or logistic-regression");
    }
    boolean heldOut = data.format() == TaskDataSpec.Format.SPAM_ASSASSIN;
    String chosen = split != null ? split : heldOut ? "test" : "validation";
    try (TaskSource task = TaskSource.read(data, spec.seed())) {
      List<TaskSource.Example> train = task.train();
      List<TaskSource.Example> scored = chosen.equals("test") ? task.test() : task.validation();
      if (scored.isEmpty()) {
        throw new UsageException("task " + task.name() + " has no " + chosen + " examples");
      }
      long start = System.nanoTime();
      float[][] outputs = outputs(method, task, train, scored);
      double seconds = (System.nanoTime() - start) / 1e9;
      Validation.Score score = Validation.score(0, task, scored, outputs);
      JsonObject json = new JsonObject();
      json.addProperty("task", task.name());
      json.addProperty("method", method);
      json.addProperty("split", chosen);
      score.values().forEach((name, value) -> json.addProperty(name, Math.round(value * 1e6) / 1e6));
      if (task.format() == TaskDataSpec.Format.VQA_V2) {
        JsonObject perType = new JsonObject();
        Validation.vqa(task, scored, outputs).perQuestionType().forEach((type, value) -> perType.addProperty(type, Math.round(value * 1e6) / 1e6));
        json.add("vqa_per_question_type", perType);
      }
      json.addProperty("examples", score.examples());
      out.println(json);
      err.printf(Locale.ROOT, "unimo baseline: %s on %d training examples, scored on %d (%.1f s)%n", method, train.size(), scored.size(), seconds);
    }
    return Main.OK;
  }

  /** {@code nearest-image} on a KARPATHY task: captions for the scored split's images, scored as COCO captions. */
  private static int nearestImage(ModelSpec spec, TaskDataSpec data, String chosen, PrintStream out, PrintStream err) throws Exception {
    try (TaskSource task = TaskSource.read(data, spec.seed())) {
      Map<String, List<String>> train = captionsByImage(task.train());
      Map<String, List<String>> scored = captionsByImage(chosen.equals("test") ? task.test() : task.validation());
      if (scored.isEmpty()) {
        throw new UsageException("task " + task.name() + " has no " + chosen + " images");
      }
      long start = System.nanoTime();
      List<float[]> trainVectors = new ArrayList<>();
      for (String image : train.keySet()) {
        trainVectors.add(meanPool(task, image));
      }
      NearestImageCaption model = NearestImageCaption.fit(trainVectors, List.copyOf(train.values()));
      List<CaptionExample> examples = new ArrayList<>();
      scored.forEach((image, references) -> examples.add(new CaptionExample(image, model.caption(meanPool(task, image)), references)));
      double seconds = (System.nanoTime() - start) / 1e9;
      CaptionMetrics.Result result = CaptionMetrics.score(examples);
      JsonObject json = new JsonObject();
      json.addProperty("task", task.name());
      json.addProperty("method", NEAREST_IMAGE);
      json.addProperty("split", chosen);
      // unimo score's names for the caption metrics; CIDEr-D, which decides, first.
      json.addProperty("cider", round(result.cider()));
      for (int n = 1; n <= 4; n++) {
        json.addProperty("bleu" + n, round(result.bleu().bleu(n)));
      }
      json.addProperty("rougeL", round(result.rougeL()));
      json.addProperty("examples", examples.size());
      out.println(json);
      err.printf(
          Locale.ROOT, "unimo baseline: nearest-image on %d training images, scored on %d %s images (%.1f s)%n", train.size(), examples.size(),
          chosen, seconds);
    }
    return Main.OK;
  }

  /** The captions of each image, images and captions in the examples' order. */
  private static Map<String, List<String>> captionsByImage(List<TaskSource.Example> examples) {
    Map<String, List<String>> byImage = new LinkedHashMap<>();
    for (TaskSource.Example e : examples) {
      byImage.computeIfAbsent(e.image(), id -> new ArrayList<>()).add(e.text());
    }
    return byImage;
  }

  private static float[] meanPool(TaskSource task, String image) {
    float[][] features = task.image(image).features();
    if (features.length == 0) {
      throw new IllegalArgumentException("image " + image + " has no regions in data.task.features, so no mean feature vector");
    }
    return NearestImageCaption.meanPool(features);
  }

  private static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }

  /** The baseline's output for each scored example, as a head's: class scores, or one value. */
  private static float[][] outputs(String method, TaskSource task, List<TaskSource.Example> train, List<TaskSource.Example> scored) {
    int classes = task.labelNames().size();
    float[][] outputs = new float[scored.size()][];
    if (method.equals("ridge")) {
      BagOfWords.Ridge ridge =
          BagOfWords.trainRidge(texts(train), seconds(train), train.stream().mapToDouble(TaskSource.Example::score).toArray(), BagOfWords.Options.defaults());
      double[] values = ridge.predict(texts(scored), seconds(scored));
      for (int i = 0; i < values.length; i++) {
        outputs[i] = new float[] {(float) values[i]};
      }
      return outputs;
    }
    // VQA's examples are labelled with their top answer; a question whose answer is outside the
    // vocabulary (-1) trains nothing.
    List<TaskSource.Example> labelled = train.stream().filter(e -> e.label() >= 0).toList();
    int[] labels = labelled.stream().mapToInt(TaskSource.Example::label).toArray();
    if (method.equals("majority")) {
      if (task.format() == TaskDataSpec.Format.VQA_V2) {
        MajorityPerType prior =
            MajorityPerType.train(
                labelled.stream().map(TaskSource.Example::questionType).toList(),
                labelled.stream().map(e -> task.labelNames().get(e.label())).toList());
        for (int i = 0; i < outputs.length; i++) {
          outputs[i] = oneHot(classes, task.labelNames().indexOf(prior.predict(scored.get(i).questionType())));
        }
        return outputs;
      }
      int majority = Majority.train(labels).label();
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] = oneHot(classes, majority);
      }
      return outputs;
    }
    BagOfWords.Method kind = method.equals("naive-bayes") ? BagOfWords.Method.NAIVE_BAYES : BagOfWords.Method.LOGISTIC_REGRESSION;
    BagOfWords.Model model = BagOfWords.train(texts(labelled), seconds(labelled), labels, classes, kind, BagOfWords.Options.defaults());
    for (int i = 0; i < outputs.length; i++) {
      TaskSource.Example e = scored.get(i);
      double[] p = model.probabilities(e.text(), model.pairs() ? e.second() : null);
      outputs[i] = new float[p.length];
      for (int c = 0; c < p.length; c++) {
        outputs[i][c] = (float) p[c];
      }
    }
    return outputs;
  }

  private static float[] oneHot(int classes, int index) {
    float[] row = new float[classes];
    row[index] = 1f;
    return row;
  }

  private static List<String> texts(List<TaskSource.Example> examples) {
    return examples.stream().map(TaskSource.Example::text).toList();
  }

  /** The second texts of a pair task, or null when no example has one. */
  private static @Nullable List<String> seconds(List<TaskSource.Example> examples) {
    if (examples.stream().allMatch(e -> e.second() == null)) {
      return null;
    }
    List<String> seconds = new ArrayList<>();
    examples.forEach(e -> seconds.add(e.second() == null ? "" : e.second()));
    return seconds;
  }
}
