package org.unimo.tasks.formats;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldTasks;
import org.unimo.tasks.training.AtomicFiles;
import org.unimo.tasks.training.RunManifest;

/**
 * Writes the built-in shapes world in the standard formats, so the readers of this package (and
 * anyone's own tools) can be tried on data whose every value is known, and a data pipeline can be
 * checked end to end against the generated original.
 *
 * <pre>
 * captions.json                 COCO captions JSON of the training scenes: image ids are scene
 *                               ids, width and height the image size, captions in the scene's order
 * heldout.json                  the same for the held-out scenes
 * features.tsv                  bottom-up TSV with cls_prob: the training, then the held-out
 *                               scenes' regions
 * images.tsv                    bottom-up TSV with cls_prob: the image-only scenes
 * text.txt                      the text corpus, one sentence per line
 * classes.txt                   the detector's class names, one per line, in class-index order
 * vqa/train_questions.json      VQA v2 questions about the training scenes
 * vqa/train_annotations.json    their VQA v2 annotations: one answer, given by all 10 "annotators"
 * vqa/val_questions.json        the same for the held-out scenes
 * vqa/val_annotations.json
 * snli-ve/snli_ve_train.jsonl   SNLI-VE hypotheses about the training scenes
 * snli-ve/snli_ve_dev.jsonl     the same for the held-out scenes
 * karpathy.json                 Karpathy split JSON (as dataset_coco.json) of the scenes with
 *                               captions: training scenes "train", the first half of the held-out
 *                               scenes (rounded up) "val", the rest "test"
 * scene2caption/train.src       the scene-to-caption task: one scene graph as text per line
 * scene2caption/train.tgt       (ShapesWorldTasks.sceneText), and on the same line of the .tgt
 * scene2caption/val.src         file one of that scene's captions; train: Karpathy's "train"
 * scene2caption/val.tgt         scenes, a line per caption; val and test: Karpathy's "val" and
 * scene2caption/test.src        "test" scenes, a line per scene with its first caption
 * scene2caption/test.tgt
 * export.json                   what the files are, their counts and the world's configuration
 * </pre>
 *
 * <p>Every file names an image by its scene id, so each question, hypothesis and Karpathy image
 * joins its row of {@code features.tsv}: VQA's {@code image_id} is the scene id as a string
 * ({@code "train-000042"}; {@link org.unimo.tasks.finetune.data.VqaV2} takes strings as well as
 * COCO's numbers), and SNLI-VE's {@code Flikr30kID} and Karpathy's {@code filename} are {@code
 * "train-000042.jpg"}, whose name without extension is the id (there are no image files); the
 * Karpathy entries have no {@code cocoid}. VQA {@code question_id}s are 1, 2, ... over the
 * training questions, then on over the held-out ones. The questions and hypotheses are {@link
 * ShapesWorldTasks}' (by default the world's seed, 4 questions and 3 hypotheses per scene);
 * SNLI-VE's {@code sentence1}, the premise, is the scene's first caption, and {@code pairID} is
 * {@code "<scene id>.jpg#0r<k><e|n|c>"} for the scene's k-th hypothesis.
 *
 * <p>Every value reads back exactly: the scenes' boxes are whole pixels divided by the image size,
 * so the TSV holds whole pixels and {@link RegionFeatureTsv.Row#normalizedBoxes()} gives back the
 * scenes' normalized boxes bit for bit (the export checks each box); features and class
 * probabilities are float32 as generated. The directory appears whole or not at all: everything
 * is written to a temporary directory beside it, which is then renamed.
 *
 * <pre>{@code
 * ShapesWorldData world = ShapesWorld.generate(ShapesWorldConfig.builder().trainScenes(100).build());
 * ShapesWorldExport.Summary summary = ShapesWorldExport.write(world, Path.of("shapes-export"));
 * }</pre>
 */
public final class ShapesWorldExport {
  /** Version 2 added the VQA, SNLI-VE and Karpathy files, version 3 the scene2caption files. */
  public static final String FORMAT = "unimo-shapes-export/3";
  public static final String CAPTIONS = "captions.json";
  public static final String HELDOUT = "heldout.json";
  public static final String FEATURES = "features.tsv";
  public static final String IMAGES = "images.tsv";
  public static final String TEXT = "text.txt";
  public static final String CLASSES = "classes.txt";
  public static final String VQA_TRAIN_QUESTIONS = "vqa/train_questions.json";
  public static final String VQA_TRAIN_ANNOTATIONS = "vqa/train_annotations.json";
  public static final String VQA_VAL_QUESTIONS = "vqa/val_questions.json";
  public static final String VQA_VAL_ANNOTATIONS = "vqa/val_annotations.json";
  public static final String SNLI_VE_TRAIN = "snli-ve/snli_ve_train.jsonl";
  public static final String SNLI_VE_DEV = "snli-ve/snli_ve_dev.jsonl";
  public static final String KARPATHY = "karpathy.json";
  public static final String SCENE2CAPTION_TRAIN_SRC = "scene2caption/train.src";
  public static final String SCENE2CAPTION_TRAIN_TGT = "scene2caption/train.tgt";
  public static final String SCENE2CAPTION_VAL_SRC = "scene2caption/val.src";
  public static final String SCENE2CAPTION_VAL_TGT = "scene2caption/val.tgt";
  public static final String SCENE2CAPTION_TEST_SRC = "scene2caption/test.src";
  public static final String SCENE2CAPTION_TEST_TGT = "scene2caption/test.tgt";
  public static final String MANIFEST = "export.json";

  /** Every file written, in the order of the class description. */
  public static final List<String> FILES =
      List.of(CAPTIONS, HELDOUT, FEATURES, IMAGES, TEXT, CLASSES, VQA_TRAIN_QUESTIONS, VQA_TRAIN_ANNOTATIONS,
          VQA_VAL_QUESTIONS, VQA_VAL_ANNOTATIONS, SNLI_VE_TRAIN, SNLI_VE_DEV, KARPATHY, SCENE2CAPTION_TRAIN_SRC,
          SCENE2CAPTION_TRAIN_TGT, SCENE2CAPTION_VAL_SRC, SCENE2CAPTION_VAL_TGT, SCENE2CAPTION_TEST_SRC, SCENE2CAPTION_TEST_TGT,
          MANIFEST);

  /** VQA v2 has 10 answers per question; here every one is the answer. */
  private static final int ANNOTATORS = 10;

  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
  private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

  private ShapesWorldExport() {}

  /**
   * What was exported.
   *
   * @param trainImages training scenes in {@value #CAPTIONS} (and the first rows of {@value
   *     #FEATURES})
   * @param trainCaptions their captions
   * @param heldoutImages held-out scenes in {@value #HELDOUT} (and the rest of {@value #FEATURES})
   * @param heldoutCaptions their captions
   * @param imageOnly rows of {@value #IMAGES}
   * @param texts lines of {@value #TEXT}
   * @param classes lines of {@value #CLASSES}
   * @param trainQuestions questions in {@value #VQA_TRAIN_QUESTIONS}
   * @param valQuestions questions in {@value #VQA_VAL_QUESTIONS}
   * @param trainHypotheses lines of {@value #SNLI_VE_TRAIN}
   * @param devHypotheses lines of {@value #SNLI_VE_DEV}
   * @param karpathyVal held-out scenes in {@value #KARPATHY}'s split "val" (the others are "test")
   * @param sceneToCaptionTrain lines of {@value #SCENE2CAPTION_TRAIN_SRC} (and of its .tgt)
   * @param sceneToCaptionVal lines of {@value #SCENE2CAPTION_VAL_SRC}: one per "val" scene
   * @param sceneToCaptionTest lines of {@value #SCENE2CAPTION_TEST_SRC}: one per "test" scene
   */
  public record Summary(
      Path dir,
      int trainImages,
      int trainCaptions,
      int heldoutImages,
      int heldoutCaptions,
      int imageOnly,
      int texts,
      int classes,
      int trainQuestions,
      int valQuestions,
      int trainHypotheses,
      int devHypotheses,
      int karpathyVal,
      int sceneToCaptionTrain,
      int sceneToCaptionVal,
      int sceneToCaptionTest) {
    /** One line for people. */
    public String describe() {
      return String.format(
          "exported to %s: %d training images (%d captions), %d held-out images (%d captions), %d image-only images,"
              + " %d text sentences, %d classes; VQA: %d training and %d validation questions; SNLI-VE: %d training and"
              + " %d dev hypotheses; Karpathy split: %d train, %d val and %d test images; scene2caption: %d train, %d val"
              + " and %d test pairs",
          dir, trainImages, trainCaptions, heldoutImages, heldoutCaptions, imageOnly, texts, classes, trainQuestions,
          valQuestions, trainHypotheses, devHypotheses, trainImages, karpathyVal, heldoutImages - karpathyVal,
          sceneToCaptionTrain, sceneToCaptionVal, sceneToCaptionTest);
    }
  }

  /**
   * Writes {@code world} into {@code dir}, which must not exist or be empty, with the tasks of
   * {@link ShapesWorldTasks#of}: the world's seed, the default counts.
   *
   * @throws FileAlreadyExistsException if {@code dir} exists and is not an empty directory
   * @throws IllegalArgumentException if a value would not read back as it is: a sentence or class
   *     name with a line break or blank, a caption with surrounding spaces, a box not in whole
   *     pixels
   */
  public static Summary write(ShapesWorldData world, Path dir) throws IOException {
    return write(world, dir, ShapesWorldTasks.of(world));
  }

  /**
   * Writes {@code world} into {@code dir}, which must not exist or be empty, with the questions and
   * hypotheses {@code tasks} makes.
   *
   * @throws FileAlreadyExistsException if {@code dir} exists and is not an empty directory
   * @throws IllegalArgumentException as {@link #write(ShapesWorldData, Path)}
   */
  public static Summary write(ShapesWorldData world, Path dir, ShapesWorldTasks tasks) throws IOException {
    checkTarget(dir);
    checkText(world);
    int karpathyVal = (world.heldout().size() + 1) / 2;
    List<Scene> valScenes = world.heldout().subList(0, karpathyVal);
    List<Scene> testScenes = world.heldout().subList(karpathyVal, world.heldout().size());
    List<ShapesWorldTasks.SceneCaption> sceneTrain = ShapesWorldTasks.sceneCaptions(world.train(), Integer.MAX_VALUE);
    List<ShapesWorldTasks.SceneCaption> sceneVal = ShapesWorldTasks.sceneCaptions(valScenes, 1);
    List<ShapesWorldTasks.SceneCaption> sceneTest = ShapesWorldTasks.sceneCaptions(testScenes, 1);
    checkPairs(SCENE2CAPTION_TRAIN_SRC, SCENE2CAPTION_TRAIN_TGT, sceneTrain);
    checkPairs(SCENE2CAPTION_VAL_SRC, SCENE2CAPTION_VAL_TGT, sceneVal);
    checkPairs(SCENE2CAPTION_TEST_SRC, SCENE2CAPTION_TEST_TGT, sceneTest);
    Path target = dir.toAbsolutePath().normalize();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temp =
        parent.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    Files.createDirectory(temp);
    try {
      int size = world.config().imageSize();
      int trainCaptions = coco(temp.resolve(CAPTIONS), world.train(), size, "train");
      int heldoutCaptions = coco(temp.resolve(HELDOUT), world.heldout(), size, "heldout");
      regions(temp.resolve(FEATURES), size, world.train(), world.heldout());
      regions(temp.resolve(IMAGES), size, world.imageOnly());
      lines(temp.resolve(TEXT), world.textCorpus());
      lines(temp.resolve(CLASSES), world.classNames());
      List<ShapesWorldTasks.Question> trainQuestions = tasks.questions(world.train());
      List<ShapesWorldTasks.Question> valQuestions = tasks.questions(world.heldout());
      Files.createDirectories(temp.resolve(VQA_TRAIN_QUESTIONS).getParent());
      vqa(temp.resolve(VQA_TRAIN_QUESTIONS), temp.resolve(VQA_TRAIN_ANNOTATIONS), trainQuestions, 1, "train");
      vqa(temp.resolve(VQA_VAL_QUESTIONS), temp.resolve(VQA_VAL_ANNOTATIONS), valQuestions, trainQuestions.size() + 1, "val");
      List<ShapesWorldTasks.Hypothesis> trainHypotheses = tasks.hypotheses(world.train());
      List<ShapesWorldTasks.Hypothesis> devHypotheses = tasks.hypotheses(world.heldout());
      Files.createDirectories(temp.resolve(SNLI_VE_TRAIN).getParent());
      snliVe(temp.resolve(SNLI_VE_TRAIN), world.train(), trainHypotheses);
      snliVe(temp.resolve(SNLI_VE_DEV), world.heldout(), devHypotheses);
      karpathy(temp.resolve(KARPATHY), world.train(), world.heldout(), karpathyVal);
      Files.createDirectories(temp.resolve(SCENE2CAPTION_TRAIN_SRC).getParent());
      sceneToCaption(temp.resolve(SCENE2CAPTION_TRAIN_SRC), temp.resolve(SCENE2CAPTION_TRAIN_TGT), sceneTrain);
      sceneToCaption(temp.resolve(SCENE2CAPTION_VAL_SRC), temp.resolve(SCENE2CAPTION_VAL_TGT), sceneVal);
      sceneToCaption(temp.resolve(SCENE2CAPTION_TEST_SRC), temp.resolve(SCENE2CAPTION_TEST_TGT), sceneTest);
      Summary summary =
          new Summary(
              dir,
              world.train().size(),
              trainCaptions,
              world.heldout().size(),
              heldoutCaptions,
              world.imageOnly().size(),
              world.textCorpus().size(),
              world.classNames().size(),
              trainQuestions.size(),
              valQuestions.size(),
              trainHypotheses.size(),
              devHypotheses.size(),
              karpathyVal,
              sceneTrain.size(),
              sceneVal.size(),
              sceneTest.size());
      JsonObject manifest = manifest(world, summary);
      addTasks(manifest, tasks, trainQuestions, valQuestions, trainHypotheses, devHypotheses, summary);
      addSceneToCaption(manifest, summary);
      AtomicFiles.writeString(temp.resolve(MANIFEST), PRETTY.toJson(manifest) + "\n");
      checkTarget(dir); // someone may have written there meanwhile
      if (Files.isDirectory(target)) {
        Files.delete(target); // empty: rename(2) could replace it, Files.move does not promise to
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return summary;
    } finally {
      if (Files.exists(temp)) {
        MoreFiles.deleteRecursively(temp, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }

  private static void checkTarget(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not empty; choose a new --out");
        }
      }
    } else if (Files.exists(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
    }
  }

  /** Fails on text that one-per-line files or the caption reader would not give back as it is. */
  private static void checkText(ShapesWorldData world) {
    checkLines(TEXT, world.textCorpus());
    checkLines(CLASSES, world.classNames());
    for (List<Scene> split : List.of(world.train(), world.heldout())) {
      for (Scene scene : split) {
        for (String caption : scene.captions()) {
          if (caption.isBlank() || !caption.equals(caption.strip())) {
            throw new IllegalArgumentException(
                scene.id() + ": the caption \"" + caption + "\" is blank or has surrounding spaces, which readers strip");
          }
        }
      }
    }
  }

  private static void checkPairs(String source, String target, List<ShapesWorldTasks.SceneCaption> pairs) {
    checkLines(source, pairs.stream().map(ShapesWorldTasks.SceneCaption::source).toList());
    checkLines(target, pairs.stream().map(ShapesWorldTasks.SceneCaption::target).toList());
  }

  private static void checkLines(String file, List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            file + ": entry " + i + " holds a line break, so it cannot be one line: " + JsonLines.shorten(line));
      }
      if (line.isBlank()) {
        throw new IllegalArgumentException(file + ": entry " + i + " is blank; readers skip blank lines");
      }
    }
  }

  /**
   * A COCO captions file: one image and one annotation per line, so it reads (and diffs) like a
   * table; COCO's own files are a single line, which the reader takes as well.
   *
   * @return the number of captions
   */
  private static int coco(Path file, List<Scene> scenes, int size, String split) throws IOException {
    int annotations = 0;
    try (AtomicFiles.Pending pending = AtomicFiles.begin(file)) {
      OutputStream out = pending.stream();
      JsonObject info = new JsonObject();
      info.addProperty("description", "shapes world, " + split + " scenes, written by unimo export-shapes; no image files");
      info.addProperty("version", FORMAT);
      write(out, "{\n  \"info\": " + COMPACT.toJson(info) + ",\n  \"images\": [");
      for (int i = 0; i < scenes.size(); i++) {
        JsonObject image = new JsonObject();
        image.addProperty("id", scenes.get(i).id());
        image.addProperty("width", size);
        image.addProperty("height", size);
        image.addProperty("file_name", scenes.get(i).id());
        write(out, (i == 0 ? "\n    " : ",\n    ") + COMPACT.toJson(image));
      }
      write(out, "\n  ],\n  \"annotations\": [");
      for (Scene scene : scenes) {
        for (String caption : scene.captions()) {
          JsonObject annotation = new JsonObject();
          annotation.addProperty("image_id", scene.id());
          annotation.addProperty("id", annotations + 1);
          annotation.addProperty("caption", caption);
          write(out, (annotations == 0 ? "\n    " : ",\n    ") + COMPACT.toJson(annotation));
          annotations++;
        }
      }
      write(out, "\n  ]\n}\n");
      pending.commit();
    }
    return annotations;
  }

  /**
   * A VQA v2 questions file and its annotations file, one record per line; question ids count on
   * from {@code firstId}.
   */
  private static void vqa(Path questionsFile, Path annotationsFile, List<ShapesWorldTasks.Question> questions, int firstId, String split)
      throws IOException {
    try (AtomicFiles.Pending q = AtomicFiles.begin(questionsFile);
        AtomicFiles.Pending a = AtomicFiles.begin(annotationsFile)) {
      JsonObject info = new JsonObject();
      info.addProperty("description", "shapes world, " + split + " questions, written by unimo export-shapes");
      info.addProperty("version", FORMAT);
      String header =
          "{\n  \"info\": " + COMPACT.toJson(info) + ",\n  \"task_type\": \"Open-Ended\",\n  \"data_type\": \"shapes\",\n"
              + "  \"data_subtype\": \"" + split + "\",\n";
      write(q.stream(), header + "  \"questions\": [");
      write(a.stream(), header + "  \"annotations\": [");
      for (int i = 0; i < questions.size(); i++) {
        ShapesWorldTasks.Question question = questions.get(i);
        long id = firstId + i;
        JsonObject record = new JsonObject();
        record.addProperty("image_id", question.sceneId());
        record.addProperty("question", question.question());
        record.addProperty("question_id", id);
        write(q.stream(), (i == 0 ? "\n    " : ",\n    ") + COMPACT.toJson(record));
        JsonObject annotation = new JsonObject();
        annotation.addProperty("question_id", id);
        annotation.addProperty("image_id", question.sceneId());
        annotation.addProperty("question_type", question.type().questionType());
        annotation.addProperty("answer_type", question.type().answerType());
        annotation.addProperty("multiple_choice_answer", question.answer());
        JsonArray answers = new JsonArray();
        for (int k = 1; k <= ANNOTATORS; k++) {
          JsonObject answer = new JsonObject();
          answer.addProperty("answer", question.answer());
          answer.addProperty("answer_confidence", "yes");
          answer.addProperty("answer_id", k);
          answers.add(answer);
        }
        annotation.add("answers", answers);
        write(a.stream(), (i == 0 ? "\n    " : ",\n    ") + COMPACT.toJson(annotation));
      }
      write(q.stream(), "\n  ]\n}\n");
      write(a.stream(), "\n  ]\n}\n");
      q.commit();
      a.commit();
    }
  }

  /** SNLI-VE JSON lines: the premise is the scene's first caption. */
  private static void snliVe(Path file, List<Scene> scenes, List<ShapesWorldTasks.Hypothesis> hypotheses) throws IOException {
    Map<String, Scene> byId = new TreeMap<>();
    scenes.forEach(scene -> byId.put(scene.id(), scene));
    Map<String, Integer> perScene = new TreeMap<>();
    try (AtomicFiles.Pending pending = AtomicFiles.begin(file)) {
      for (ShapesWorldTasks.Hypothesis hypothesis : hypotheses) {
        Scene scene = byId.get(hypothesis.sceneId());
        if (scene == null || scene.captions().isEmpty()) {
          throw new IllegalArgumentException(hypothesis.sceneId() + ": no scene with a caption for the hypothesis \"" + hypothesis.text() + "\"");
        }
        int k = perScene.merge(scene.id(), 1, Integer::sum);
        String image = scene.id() + ".jpg";
        JsonObject line = new JsonObject();
        line.addProperty("Flikr30kID", image);
        line.addProperty("captionID", image + "#0");
        line.addProperty("pairID", image + "#0r" + k + hypothesis.label().goldLabel().charAt(0));
        line.addProperty("sentence1", scene.captions().get(0));
        line.addProperty("sentence2", hypothesis.text());
        line.addProperty("gold_label", hypothesis.label().goldLabel());
        JsonArray annotators = new JsonArray();
        annotators.add(hypothesis.label().goldLabel());
        line.add("annotator_labels", annotators);
        write(pending.stream(), COMPACT.toJson(line) + "\n");
      }
      pending.commit();
    }
  }

  /**
   * Karpathy's split JSON, one image per line: the training scenes "train", then the held-out
   * scenes, the first {@code val} of them "val" and the rest "test".
   */
  private static void karpathy(Path file, List<Scene> train, List<Scene> heldout, int val) throws IOException {
    try (AtomicFiles.Pending pending = AtomicFiles.begin(file)) {
      write(pending.stream(), "{\n  \"images\": [");
      List<Scene> scenes = new ArrayList<>(train);
      scenes.addAll(heldout);
      int sentences = 0;
      for (int i = 0; i < scenes.size(); i++) {
        Scene scene = scenes.get(i);
        String split = i < train.size() ? "train" : i < train.size() + val ? "val" : "test";
        JsonObject image = new JsonObject();
        image.addProperty("filename", scene.id() + ".jpg");
        image.addProperty("imgid", i);
        image.addProperty("split", split);
        JsonArray written = new JsonArray();
        JsonArray ids = new JsonArray();
        for (String caption : scene.captions()) {
          JsonObject sentence = new JsonObject();
          JsonArray tokens = new JsonArray();
          for (String token : tokens(caption)) {
            tokens.add(token);
          }
          sentence.add("tokens", tokens);
          sentence.addProperty("raw", caption);
          sentence.addProperty("imgid", i);
          sentence.addProperty("sentid", sentences);
          written.add(sentence);
          ids.add(sentences++);
        }
        image.add("sentences", written);
        image.add("sentids", ids);
        write(pending.stream(), (i == 0 ? "\n    " : ",\n    ") + COMPACT.toJson(image));
      }
      write(pending.stream(), "\n  ],\n  \"dataset\": \"shapes\"\n}\n");
      pending.commit();
    }
  }

  /** The scene-to-caption pairs: line i of {@code source} pairs with line i of {@code target}. */
  private static void sceneToCaption(Path source, Path target, List<ShapesWorldTasks.SceneCaption> pairs) throws IOException {
    lines(source, pairs.stream().map(ShapesWorldTasks.SceneCaption::source).toList());
    lines(target, pairs.stream().map(ShapesWorldTasks.SceneCaption::target).toList());
  }

  /** Karpathy's tokens: lowercase, punctuation dropped, split at white space. */
  static List<String> tokens(String caption) {
    String words = caption.toLowerCase(Locale.ROOT).replaceAll("\\p{Punct}", "").strip();
    return words.isEmpty() ? List.of() : List.of(words.split("\\s+"));
  }

  @SafeVarargs
  private static void regions(Path file, int size, List<Scene>... splits) throws IOException {
    try (RegionFeatureTsv.Writer out = RegionFeatureTsv.writer(file)) {
      for (List<Scene> scenes : splits) {
        for (Scene scene : scenes) {
          float[][] pixels = pixels(scene, size);
          out.write(scene.id(), size, size, pixels, scene.features(), scene.classProbs());
        }
      }
      out.commit();
    }
  }

  /**
   * The scene's boxes in pixels, checked to normalize back to {@link Scene#boxes()} bit for bit as
   * {@link RegionFeatureTsv.Row#normalizedBoxes()} computes it.
   */
  static float[][] pixels(Scene scene, int size) {
    float[][] normalized = scene.boxes();
    float[][] pixels = new float[normalized.length][4];
    for (int i = 0; i < normalized.length; i++) {
      for (int k = 0; k < 4; k++) {
        pixels[i][k] = Math.round(normalized[i][k] * size);
      }
    }
    float[][] back =
        new RegionFeatureTsv.Row(scene.id(), size, size, pixels, scene.features(), null, scene.id()).normalizedBoxes();
    for (int i = 0; i < normalized.length; i++) {
      if (!Arrays.equals(back[i], normalized[i])) {
        throw new IllegalArgumentException(
            scene.id() + ": box " + i + " " + Arrays.toString(normalized[i]) + " is not whole pixels of a " + size
                + "-pixel image: as pixels " + Arrays.toString(pixels[i]) + " it would read back as " + Arrays.toString(back[i]));
      }
    }
    return pixels;
  }

  private static void lines(Path file, List<String> lines) throws IOException {
    try (AtomicFiles.Pending pending = AtomicFiles.begin(file)) {
      for (String line : lines) {
        write(pending.stream(), line + "\n");
      }
      pending.commit();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject manifest(ShapesWorldData world, Summary summary) {
    ShapesWorldConfig config = world.config();
    JsonObject json = new JsonObject();
    json.addProperty("format", FORMAT);
    json.addProperty("toolkit_version", RunManifest.version());
    json.addProperty("description", "the shapes world in standard formats; see docs/data-formats.md");
    JsonObject generated = new JsonObject();
    generated.addProperty("seed", config.seed());
    generated.addProperty("train_scenes", config.trainScenes());
    generated.addProperty("heldout_scenes", config.heldoutScenes());
    generated.addProperty("image_only_scenes", config.imageOnlyScenes());
    generated.addProperty("text_scenes", config.textScenes());
    generated.addProperty("captions_per_scene", config.captionsPerScene());
    generated.addProperty("image_size", config.imageSize());
    generated.addProperty("min_objects", config.minObjects());
    generated.addProperty("max_objects", config.maxObjects());
    generated.addProperty("wordnet_glosses", config.wordNetGlosses());
    json.add("config", generated);
    json.addProperty("image_size", config.imageSize());
    json.addProperty("feature_size", world.featureSize());
    json.addProperty("classes", world.numClasses());
    JsonObject files = new JsonObject();
    files.add(CAPTIONS, file("COCO captions JSON", "train", summary.trainImages(), "captions", summary.trainCaptions()));
    files.add(HELDOUT, file("COCO captions JSON", "heldout", summary.heldoutImages(), "captions", summary.heldoutCaptions()));
    JsonObject features =
        file("bottom-up TSV with cls_prob", "train, then heldout", summary.trainImages() + summary.heldoutImages(), "boxes", boxes(world.train()) + boxes(world.heldout()));
    files.add(FEATURES, features);
    files.add(IMAGES, file("bottom-up TSV with cls_prob", "image-only", summary.imageOnly(), "boxes", boxes(world.imageOnly())));
    files.add(TEXT, file("plain text, one sentence per line", "text corpus", -1, "lines", summary.texts()));
    files.add(CLASSES, file("plain text, one class name per line", "detector classes", -1, "lines", summary.classes()));
    json.add("files", files);
    return json;
  }

  /** The task files' entries, with their answer and label counts, and the tasks' settings. */
  private static void addTasks(
      JsonObject manifest,
      ShapesWorldTasks tasks,
      List<ShapesWorldTasks.Question> trainQuestions,
      List<ShapesWorldTasks.Question> valQuestions,
      List<ShapesWorldTasks.Hypothesis> trainHypotheses,
      List<ShapesWorldTasks.Hypothesis> devHypotheses,
      Summary summary) {
    JsonObject settings = new JsonObject();
    settings.addProperty("seed", tasks.seed());
    settings.addProperty("questions_per_scene", tasks.questionsPerScene());
    settings.addProperty("hypotheses_per_scene", tasks.hypothesesPerScene());
    manifest.add("tasks", settings);
    JsonObject files = manifest.getAsJsonObject("files");
    files.add(VQA_TRAIN_QUESTIONS, file("VQA v2 questions JSON", "train", summary.trainImages(), "questions", trainQuestions.size()));
    files.add(VQA_TRAIN_ANNOTATIONS, answers(file("VQA v2 annotations JSON", "train", summary.trainImages(), "questions", trainQuestions.size()), trainQuestions));
    files.add(VQA_VAL_QUESTIONS, file("VQA v2 questions JSON", "heldout", summary.heldoutImages(), "questions", valQuestions.size()));
    files.add(VQA_VAL_ANNOTATIONS, answers(file("VQA v2 annotations JSON", "heldout", summary.heldoutImages(), "questions", valQuestions.size()), valQuestions));
    files.add(SNLI_VE_TRAIN, labels(file("SNLI-VE JSON lines", "train", summary.trainImages(), "hypotheses", trainHypotheses.size()), trainHypotheses));
    files.add(SNLI_VE_DEV, labels(file("SNLI-VE JSON lines", "heldout", summary.heldoutImages(), "hypotheses", devHypotheses.size()), devHypotheses));
    JsonObject karpathy =
        file("Karpathy split JSON", "train as train; heldout, first half val, rest test", summary.trainImages() + summary.heldoutImages(), "captions",
            summary.trainCaptions() + summary.heldoutCaptions());
    JsonObject splits = new JsonObject();
    splits.addProperty("train", summary.trainImages());
    splits.addProperty("val", summary.karpathyVal());
    splits.addProperty("test", summary.heldoutImages() - summary.karpathyVal());
    karpathy.add("splits", splits);
    files.add(KARPATHY, karpathy);
  }

  /** The scene2caption files' entries: which Karpathy split each holds and its line count. */
  private static void addSceneToCaption(JsonObject manifest, Summary summary) {
    JsonObject files = manifest.getAsJsonObject("files");
    String source = "plain text, one scene graph per line (ShapesWorldTasks.sceneText)";
    String target = "plain text, one caption per line, of the scene on the same line of the .src file";
    int test = summary.heldoutImages() - summary.karpathyVal();
    String train = "Karpathy train, every caption";
    String val = "Karpathy val, the first caption";
    String testContents = "Karpathy test, the first caption";
    files.add(SCENE2CAPTION_TRAIN_SRC, file(source, train, summary.trainImages(), "lines", summary.sceneToCaptionTrain()));
    files.add(SCENE2CAPTION_TRAIN_TGT, file(target, train, summary.trainImages(), "lines", summary.sceneToCaptionTrain()));
    files.add(SCENE2CAPTION_VAL_SRC, file(source, val, summary.karpathyVal(), "lines", summary.sceneToCaptionVal()));
    files.add(SCENE2CAPTION_VAL_TGT, file(target, val, summary.karpathyVal(), "lines", summary.sceneToCaptionVal()));
    files.add(SCENE2CAPTION_TEST_SRC, file(source, testContents, test, "lines", summary.sceneToCaptionTest()));
    files.add(SCENE2CAPTION_TEST_TGT, file(target, testContents, test, "lines", summary.sceneToCaptionTest()));
  }

  /** How many questions of each type, and how many of them have each answer. */
  private static JsonObject answers(JsonObject file, List<ShapesWorldTasks.Question> questions) {
    JsonObject types = new JsonObject();
    for (ShapesWorldTasks.QuestionType type : ShapesWorldTasks.QuestionType.values()) {
      Map<String, Integer> counts = new TreeMap<>();
      questions.stream().filter(q -> q.type() == type).forEach(q -> counts.merge(q.answer(), 1, Integer::sum));
      JsonObject answers = new JsonObject();
      counts.forEach(answers::addProperty);
      types.add(type.questionType(), answers);
    }
    file.add("answers_by_question_type", types);
    return file;
  }

  private static JsonObject labels(JsonObject file, List<ShapesWorldTasks.Hypothesis> hypotheses) {
    JsonObject labels = new JsonObject();
    for (ShapesWorldTasks.Label label : ShapesWorldTasks.Label.values()) {
      labels.addProperty(label.goldLabel(), hypotheses.stream().filter(h -> h.label() == label).count());
    }
    file.add("labels", labels);
    return file;
  }

  private static JsonObject file(String format, String contents, int images, String counted, long count) {
    JsonObject json = new JsonObject();
    json.addProperty("format", format);
    json.addProperty("contents", contents);
    if (images >= 0) {
      json.addProperty("images", images);
    }
    json.addProperty(counted, count);
    return json;
  }

  private static long boxes(List<Scene> scenes) {
    return scenes.stream().mapToLong(Scene::numRegions).sum();
  }
}
