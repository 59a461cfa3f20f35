package org.unimo.tasks.formats;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.training.AtomicFiles;
import org.unimo.tasks.training.RunManifest;

/**
 * Writes the built-in shapes world in the standard formats, so the readers of this package (and
 * anyone's own tools) can be tried on data whose every value is known, and a data pipeline can be
 * checked end to end against the generated original.
 *
 * <pre>
 * captions.json  COCO captions JSON of the training scenes: image ids are scene ids, width and
 *                height the image size, captions in the scene's order
 * heldout.json   the same for the held-out scenes
 * features.tsv   bottom-up TSV with cls_prob: the training, then the held-out scenes' regions
 * images.tsv     bottom-up TSV with cls_prob: the image-only scenes
 * text.txt       the text corpus, one sentence per line
 * classes.txt    the detector's class names, one per line, in class-index order
 * export.json    what the files are, their counts and the world's configuration
 * </pre>
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
  public static final String FORMAT = "unimo-shapes-export/1";
  public static final String CAPTIONS = "captions.json";
  public static final String HELDOUT = "heldout.json";
  public static final String FEATURES = "features.tsv";
  public static final String IMAGES = "images.tsv";
  public static final String TEXT = "text.txt";
  public static final String CLASSES = "classes.txt";
  public static final String MANIFEST = "export.json";

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
   */
  public record Summary(
      Path dir,
      int trainImages,
      int trainCaptions,
      int heldoutImages,
      int heldoutCaptions,
      int imageOnly,
      int texts,
      int classes) {
    /** One line for people. */
    public String describe() {
      return String.format(
          "exported to %s: %d training images (%d captions), %d held-out images (%d captions), %d image-only images,"
              + " %d text sentences, %d classes",
          dir, trainImages, trainCaptions, heldoutImages, heldoutCaptions, imageOnly, texts, classes);
    }
  }

  /**
   * Writes {@code world} into {@code dir}, which must not exist or be empty.
   *
   * @throws FileAlreadyExistsException if {@code dir} exists and is not an empty directory
   * @throws IllegalArgumentException if a value would not read back as it is: a sentence or class
   *     name with a line break or blank, a caption with surrounding spaces, a box not in whole
   *     pixels
   */
  public static Summary write(ShapesWorldData world, Path dir) throws IOException {
    checkTarget(dir);
    checkText(world);
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
      Summary summary =
          new Summary(
              dir,
              world.train().size(),
              trainCaptions,
              world.heldout().size(),
              heldoutCaptions,
              world.imageOnly().size(),
              world.textCorpus().size(),
              world.classNames().size());
      AtomicFiles.writeString(temp.resolve(MANIFEST), PRETTY.toJson(manifest(world, summary)) + "\n");
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
