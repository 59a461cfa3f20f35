package org.unimo.tasks.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneObject;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorld;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldTasks;
import org.unimo.tasks.finetune.data.KarpathyImage;
import org.unimo.tasks.finetune.data.KarpathySplit;
import org.unimo.tasks.finetune.data.SnliVe;
import org.unimo.tasks.finetune.data.SnliVeExample;
import org.unimo.tasks.finetune.data.VqaExample;
import org.unimo.tasks.finetune.data.VqaV2;

/** Export the shapes world, read it back with this package's readers, compare bit for bit. */
class ShapesWorldExportTest {
  private static ShapesWorldData world;

  @TempDir Path dir;

  @BeforeAll
  static void generate() {
    world =
        ShapesWorld.generate(
            ShapesWorldConfig.builder()
                .seed(5)
                .trainScenes(12)
                .heldoutScenes(3)
                .imageOnlyScenes(4)
                .textScenes(3)
                .wordNetGlosses(20)
                .imageSize(100)
                .build());
  }

  @Test
  void everyValueReadsBackExactly() throws Exception {
    Path out = dir.resolve("export");
    ShapesWorldExport.Summary summary = ShapesWorldExport.write(world, out);
    assertThat(summary.trainImages()).isEqualTo(12);
    assertThat(summary.trainCaptions()).isEqualTo(12 * world.config().captionsPerScene());

    assertCaptions(out.resolve(ShapesWorldExport.CAPTIONS), world.train());
    assertCaptions(out.resolve(ShapesWorldExport.HELDOUT), world.heldout());
    List<Scene> withText = new ArrayList<>(world.train());
    withText.addAll(world.heldout());
    assertRegions(out.resolve(ShapesWorldExport.FEATURES), withText);
    assertRegions(out.resolve(ShapesWorldExport.IMAGES), world.imageOnly());

    List<String> texts = new ArrayList<>();
    TextCorpora.read(out.resolve(ShapesWorldExport.TEXT), BadRows.fail(), texts::add);
    assertThat(texts).isEqualTo(world.textCorpus());
    List<String> classes = new ArrayList<>();
    TextCorpora.read(out.resolve(ShapesWorldExport.CLASSES), BadRows.fail(), classes::add);
    assertThat(classes).isEqualTo(world.classNames());

    JsonObject manifest = JsonParser.parseString(Files.readString(out.resolve(ShapesWorldExport.MANIFEST))).getAsJsonObject();
    assertThat(manifest.get("format").getAsString()).isEqualTo(ShapesWorldExport.FORMAT);
    assertThat(manifest.getAsJsonObject("config").get("seed").getAsLong()).isEqualTo(5);
    JsonObject files = manifest.getAsJsonObject("files");
    assertThat(files.keySet())
        .containsExactly("captions.json", "heldout.json", "features.tsv", "images.tsv", "text.txt", "classes.txt",
            "vqa/train_questions.json", "vqa/train_annotations.json", "vqa/val_questions.json", "vqa/val_annotations.json",
            "snli-ve/snli_ve_train.jsonl", "snli-ve/snli_ve_dev.jsonl", "karpathy.json", "scene2caption/train.src",
            "scene2caption/train.tgt", "scene2caption/val.src", "scene2caption/val.tgt", "scene2caption/test.src",
            "scene2caption/test.tgt");
    assertThat(ShapesWorldExport.FILES).containsExactlyElementsOf(with(files.keySet(), ShapesWorldExport.MANIFEST));
    assertThat(files.getAsJsonObject("features.tsv").get("images").getAsInt()).isEqualTo(15);
    assertThat(files.getAsJsonObject("text.txt").get("lines").getAsInt()).isEqualTo(world.textCorpus().size());
    try (var entries = Files.list(dir)) {
      assertThat(entries).containsExactly(out); // no temporary directory left beside it
    }
  }

  private static List<String> with(java.util.Collection<String> names, String last) {
    List<String> all = new ArrayList<>(names);
    all.add(last);
    return all;
  }

  @Test
  void theTasksReadBackAndJoinTheirImagesFeatures() throws Exception {
    Path out = dir.resolve("export");
    ShapesWorldExport.Summary summary = ShapesWorldExport.write(world, out);
    Set<String> featureRows = new HashSet<>();
    try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(out.resolve(ShapesWorldExport.FEATURES), 0, BadRows.fail())) {
      while (rows.hasNext()) {
        featureRows.add(rows.next().imageId());
      }
    }
    ShapesWorldTasks tasks = ShapesWorldTasks.of(world);

    List<VqaExample> train = VqaV2.read(out.resolve(ShapesWorldExport.VQA_TRAIN_QUESTIONS), out.resolve(ShapesWorldExport.VQA_TRAIN_ANNOTATIONS), BadRows.fail());
    List<VqaExample> val = VqaV2.read(out.resolve(ShapesWorldExport.VQA_VAL_QUESTIONS), out.resolve(ShapesWorldExport.VQA_VAL_ANNOTATIONS), BadRows.fail());
    assertVqa(train, tasks.questions(world.train()), 1);
    assertVqa(val, tasks.questions(world.heldout()), train.size() + 1);
    assertThat(summary.trainQuestions()).isEqualTo(train.size());
    assertThat(summary.valQuestions()).isEqualTo(val.size());
    assertThat(train).extracting(VqaExample::imageId).allMatch(featureRows::contains);
    assertThat(val).extracting(VqaExample::imageId).allMatch(featureRows::contains)
        .allMatch(id -> world.heldout().stream().anyMatch(s -> s.id().equals(id)));

    List<SnliVeExample> snliTrain = SnliVe.read(out.resolve(ShapesWorldExport.SNLI_VE_TRAIN), BadRows.fail());
    List<SnliVeExample> snliDev = SnliVe.read(out.resolve(ShapesWorldExport.SNLI_VE_DEV), BadRows.fail());
    assertSnliVe(snliTrain, tasks.hypotheses(world.train()));
    assertSnliVe(snliDev, tasks.hypotheses(world.heldout()));
    assertThat(snliTrain).extracting(SnliVeExample::imageId).allMatch(featureRows::contains);
    assertThat(snliDev).extracting(SnliVeExample::imageId).allMatch(featureRows::contains);
    assertThat(snliTrain).extracting(SnliVeExample::pairId).doesNotHaveDuplicates().startsWith("train-000000.jpg#0r1" + snliTrain.get(0).labelName().charAt(0));
    String firstLine = Files.readAllLines(out.resolve(ShapesWorldExport.SNLI_VE_TRAIN)).get(0);
    assertThat(JsonParser.parseString(firstLine).getAsJsonObject().get("sentence1").getAsString()).isEqualTo(world.train().get(0).captions().get(0));

    List<KarpathyImage> karpathy = KarpathySplit.read(out.resolve(ShapesWorldExport.KARPATHY), BadRows.fail());
    List<Scene> scenes = new ArrayList<>(world.train());
    scenes.addAll(world.heldout());
    assertThat(karpathy).hasSize(scenes.size());
    for (int i = 0; i < scenes.size(); i++) {
      assertThat(karpathy.get(i).imageId()).isEqualTo(scenes.get(i).id());
      assertThat(karpathy.get(i).captions()).isEqualTo(scenes.get(i).captions());
      assertThat(featureRows).contains(karpathy.get(i).imageId());
    }
    assertThat(CaptionSources.read(out.resolve(ShapesWorldExport.KARPATHY), BadRows.fail()))
        .extracting(ImageCaptions::imageId).containsExactlyElementsOf(scenes.stream().map(Scene::id).toList());
    // 12 training scenes, 3 held-out: 2 val and 1 test.
    assertThat(karpathy).extracting(KarpathyImage::split).containsExactly(
        "train", "train", "train", "train", "train", "train", "train", "train", "train", "train", "train", "train", "val", "val", "test");
    JsonObject entry = JsonParser.parseString(Files.readString(out.resolve(ShapesWorldExport.KARPATHY)))
        .getAsJsonObject().getAsJsonArray("images").get(0).getAsJsonObject();
    assertThat(entry.has("cocoid")).isFalse();
    JsonObject sentence = entry.getAsJsonArray("sentences").get(2).getAsJsonObject();
    assertThat(sentence.get("raw").getAsString()).contains(",");
    List<String> tokens = new ArrayList<>();
    sentence.getAsJsonArray("tokens").forEach(t -> tokens.add(t.getAsString()));
    assertThat(String.join(" ", tokens)).isEqualTo(sentence.get("raw").getAsString().replace(",", ""));
    assertThat(ShapesWorldExport.tokens("there is a red circle, a blue square and a cross")).containsExactly(
        "there", "is", "a", "red", "circle", "a", "blue", "square", "and", "a", "cross");
    assertThat(summary.describe()).endsWith("; VQA: " + train.size() + " training and " + val.size() + " validation questions; SNLI-VE: "
        + snliTrain.size() + " training and " + snliDev.size() + " dev hypotheses; Karpathy split: 12 train, 2 val and 1 test images;"
        + " scene2caption: 48 train, 2 val and 1 test pairs");
  }

  @Test
  void sceneToCaptionLinesPairEachSceneGraphWithItsCaptionsOnKarpathysSplit() throws Exception {
    Path out = dir.resolve("export");
    ShapesWorldExport.Summary summary = ShapesWorldExport.write(world, out);
    int perScene = world.config().captionsPerScene();
    // Karpathy: 12 train scenes (every caption), 2 val and 1 test (the first caption each).
    List<String> trainSource = lines(out.resolve(ShapesWorldExport.SCENE2CAPTION_TRAIN_SRC));
    List<String> trainTarget = lines(out.resolve(ShapesWorldExport.SCENE2CAPTION_TRAIN_TGT));
    assertThat(trainSource).hasSize(12 * perScene).hasSameSizeAs(trainTarget);
    assertThat(summary.sceneToCaptionTrain()).isEqualTo(12 * perScene);
    List<KarpathyImage> karpathy = KarpathySplit.read(out.resolve(ShapesWorldExport.KARPATHY), BadRows.fail());
    Map<String, Scene> byId = new java.util.HashMap<>();
    world.train().forEach(scene -> byId.put(scene.id(), scene));
    world.heldout().forEach(scene -> byId.put(scene.id(), scene));
    for (String split : List.of("train", "val", "test")) {
      List<String> source = lines(out.resolve("scene2caption/" + split + ".src"));
      List<String> target = lines(out.resolve("scene2caption/" + split + ".tgt"));
      List<Scene> scenes = karpathy.stream().filter(k -> k.split().equals(split)).map(k -> byId.get(k.imageId())).toList();
      int each = split.equals("train") ? perScene : 1;
      assertThat(source).as(split).hasSize(scenes.size() * each);
      assertThat(target).as(split).hasSize(scenes.size() * each);
      for (int i = 0; i < source.size(); i++) {
        Scene scene = scenes.get(i / each);
        assertSceneText(source.get(i), scene);
        assertThat(target.get(i)).isEqualTo(scene.captions().get(i % each));
        // The source alone names the scene: every scene of the split written so has this target.
        String line = source.get(i);
        List<Scene> named = scenes.stream().filter(s -> ShapesWorldTasks.sceneText(s.graph()).equals(line)).toList();
        assertThat(named).contains(scene);
        assertThat(named.stream().flatMap(s -> s.captions().stream())).contains(target.get(i));
      }
    }
    assertThat(summary.sceneToCaptionVal()).isEqualTo(2);
    assertThat(summary.sceneToCaptionTest()).isEqualTo(1);
    JsonObject files = JsonParser.parseString(Files.readString(out.resolve(ShapesWorldExport.MANIFEST))).getAsJsonObject().getAsJsonObject("files");
    assertThat(files.getAsJsonObject("scene2caption/train.tgt").get("lines").getAsInt()).isEqualTo(12 * perScene);
    assertThat(files.getAsJsonObject("scene2caption/train.tgt").get("images").getAsInt()).isEqualTo(12);
    assertThat(files.getAsJsonObject("scene2caption/test.src").get("lines").getAsInt()).isEqualTo(1);
  }

  /**
   * The line read back without the writer's code: the scene's object descriptions, then one true
   * relation per pair of objects.
   */
  private static void assertSceneText(String line, Scene scene) {
    List<SceneObject> objects = scene.graph().objects();
    int n = objects.size();
    List<String> items = List.of(line.split(" ; ", -1));
    assertThat(items).as(line).hasSize(n + n * (n - 1) / 2);
    List<String> descriptions = new ArrayList<>(objects.stream().map(SceneObject::description).toList());
    descriptions.sort(null);
    assertThat(items.subList(0, n)).isEqualTo(descriptions);
    Set<String> stated = new HashSet<>();
    for (Relation r : scene.graph().relations()) {
      stated.add(objects.get(r.subject()).description() + " " + r.predicate() + " " + objects.get(r.object()).description());
    }
    assertThat(items.subList(n, items.size())).as(line).allMatch(stated::contains);
  }

  private static List<String> lines(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    return List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static void assertVqa(List<VqaExample> read, List<ShapesWorldTasks.Question> questions, long firstId) {
    assertThat(read).hasSameSizeAs(questions);
    for (int i = 0; i < read.size(); i++) {
      VqaExample example = read.get(i);
      ShapesWorldTasks.Question question = questions.get(i);
      assertThat(example.questionId()).isEqualTo(firstId + i);
      assertThat(example.imageId()).isEqualTo(question.sceneId());
      assertThat(example.question()).isEqualTo(question.question());
      assertThat(example.answers()).hasSize(10).containsOnly(question.answer());
      assertThat(example.multipleChoiceAnswer()).isEqualTo(question.answer());
      assertThat(example.questionType()).isEqualTo(question.type().questionType());
      assertThat(example.answerType()).isEqualTo(question.type().answerType());
      assertThat(VqaV2.scores(example)).containsExactly(Map.entry(question.answer(), 1f));
    }
  }

  private static void assertSnliVe(List<SnliVeExample> read, List<ShapesWorldTasks.Hypothesis> hypotheses) {
    assertThat(read).hasSameSizeAs(hypotheses);
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i).imageId()).isEqualTo(hypotheses.get(i).sceneId());
      assertThat(read.get(i).hypothesis()).isEqualTo(hypotheses.get(i).text());
      assertThat(read.get(i).labelName()).isEqualTo(hypotheses.get(i).label().goldLabel());
    }
    assertThat(SnliVe.LABELS).containsExactly(
        ShapesWorldTasks.Label.ENTAILMENT.goldLabel(), ShapesWorldTasks.Label.NEUTRAL.goldLabel(), ShapesWorldTasks.Label.CONTRADICTION.goldLabel());
  }

  @Test
  void theSameWorldAndSeedGiveTheSameFiles() throws Exception {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    ShapesWorldExport.write(world, first);
    ShapesWorldExport.write(ShapesWorld.generate(world.config()), second);
    for (String file : ShapesWorldExport.FILES) {
      assertThat(Files.readAllBytes(second.resolve(file))).as(file).isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
    Path reseeded = dir.resolve("reseeded");
    ShapesWorldExport.write(world, reseeded, ShapesWorldTasks.builder().seed(6).build());
    assertThat(Files.readString(reseeded.resolve(ShapesWorldExport.CAPTIONS))).isEqualTo(Files.readString(first.resolve(ShapesWorldExport.CAPTIONS)));
    assertThat(Files.readString(reseeded.resolve(ShapesWorldExport.VQA_TRAIN_QUESTIONS)))
        .isNotEqualTo(Files.readString(first.resolve(ShapesWorldExport.VQA_TRAIN_QUESTIONS)));
  }

  private static void assertCaptions(Path file, List<Scene> scenes) throws Exception {
    List<ImageCaptions> read = CaptionSources.read(file, BadRows.fail());
    assertThat(read).hasSize(scenes.size());
    for (int i = 0; i < scenes.size(); i++) {
      assertThat(read.get(i)).isEqualTo(new ImageCaptions(scenes.get(i).id(), null, scenes.get(i).captions()));
    }
  }

  private static void assertRegions(Path file, List<Scene> scenes) throws Exception {
    int size = world.config().imageSize();
    try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(file, world.featureSize(), BadRows.fail())) {
      for (Scene scene : scenes) {
        RegionFeatureTsv.Row row = rows.next();
        assertThat(row.imageId()).isEqualTo(scene.id());
        assertThat(row.width()).isEqualTo(size);
        assertThat(row.height()).isEqualTo(size);
        // Arrays.deepEquals compares floats bit for bit (Float.equals).
        assertThat(row.features()).isDeepEqualTo(scene.features());
        assertThat(row.normalizedBoxes()).isDeepEqualTo(scene.boxes());
        assertThat(row.classProbs()).isDeepEqualTo(scene.classProbs());
        for (float[] box : row.boxes()) {
          for (float pixel : box) {
            assertThat(pixel).isEqualTo((float) Math.round(pixel)); // whole pixels
          }
        }
      }
      assertThat(rows.hasNext()).isFalse();
      assertThat(rows.classCount()).isEqualTo(world.numClasses());
    }
  }

  @Test
  void aNonEmptyDirectoryIsRefusedAndAnEmptyOneFilled() throws Exception {
    Path taken = dir.resolve("taken");
    Files.createDirectories(taken);
    Files.writeString(taken.resolve("x"), "x");
    assertThatThrownBy(() -> ShapesWorldExport.write(world, taken))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("exists and is not empty");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    ShapesWorldExport.write(world, empty);
    assertThat(empty.resolve(ShapesWorldExport.MANIFEST)).isRegularFile();
  }

  @Test
  void aSentenceWithALineBreakFailsBeforeAnythingIsWritten() {
    List<String> corpus = new ArrayList<>(world.textCorpus());
    corpus.set(2, "two\nlines");
    ShapesWorldData broken =
        new ShapesWorldData(world.config(), world.train(), world.heldout(), world.imageOnly(), corpus, world.classNames());
    Path out = dir.resolve("broken");
    assertThatThrownBy(() -> ShapesWorldExport.write(broken, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text.txt: entry 2 holds a line break, so it cannot be one line: two\nlines");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBoxThatIsNotWholePixelsIsRefused() {
    Scene scene = world.train().get(0);
    float[][] boxes = scene.boxes().clone();
    boxes[0] = boxes[0].clone();
    boxes[0][0] = Math.nextUp(boxes[0][0]);
    Scene shifted = new Scene(scene.id(), scene.graph(), scene.captions(), scene.features(), boxes, scene.classProbs());
    assertThatThrownBy(() -> ShapesWorldExport.pixels(shifted, world.config().imageSize()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(scene.id() + ": box 0 [");
  }
}
