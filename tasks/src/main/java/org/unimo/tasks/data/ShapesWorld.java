package org.unimo.tasks.data;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.unimo.rewriting.scene.CaptionRealizer;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;

/**
 * Generates the shapes world. Every scene is drawn from its own random stream, keyed on (seed,
 * split, index), so a scene is the same whatever the thread order and whatever the other splits'
 * sizes.
 *
 * <pre>{@code
 * ShapesWorldData world = ShapesWorld.generate(config);   // or ShapesWorldCache.load(dir, config)
 * }</pre>
 */
public final class ShapesWorld {
  /** How many different phrasings a scene can have. */
  public static final int PHRASINGS = 4;

  static final int MIN_OBJECTS = 2;
  static final int MAX_OBJECTS = 5;

  private enum Split {
    TRAIN("train"),
    HELDOUT("heldout"),
    IMAGE_ONLY("image"),
    TEXT("text");

    final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }
  }

  private final ShapesWorldConfig config;
  private final PrototypeDetector detector;

  private ShapesWorld(ShapesWorldConfig config) {
    this.config = config;
    this.detector = new PrototypeDetector(config.imageSize());
  }

  public static ShapesWorldData generate(ShapesWorldConfig config) {
    ShapesWorld world = new ShapesWorld(config);
    List<Scene> train = world.scenes(Split.TRAIN, config.trainScenes());
    List<Scene> heldout = world.scenes(Split.HELDOUT, config.heldoutScenes());
    List<Scene> imageOnly = world.scenes(Split.IMAGE_ONLY, config.imageOnlyScenes());
    List<String> text = new ArrayList<>();
    for (Scene scene : world.scenes(Split.TEXT, Math.max(1, config.trainScenes() / 4))) {
      text.addAll(scene.captions());
    }
    text.addAll(WordNetGlosses.first(config.wordnetGlosses()));
    return new ShapesWorldData(train, heldout, imageOnly, text, Shapes.classNames());
  }

  private List<Scene> scenes(Split split, int count) {
    return IntStream.range(0, count).parallel().mapToObj(i -> scene(split, i)).toList();
  }

  /** A 64-bit mix (SplitMix64's finalizer) of the seed, the split and the index. */
  private long streamSeed(Split split, int index) {
    long z = config.seed() * 0x9E3779B97F4A7C15L + split.ordinal() * 0xBF58476D1CE4E5B9L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private Scene scene(Split split, int index) {
    SplittableRandom random = new SplittableRandom(streamSeed(split, index));
    int size = config.imageSize();
    int n = MIN_OBJECTS + random.nextInt(MAX_OBJECTS - MIN_OBJECTS + 1);
    List<SceneObject> objects = new ArrayList<>();
    List<int[]> kinds = new ArrayList<>();
    List<double[]> places = new ArrayList<>();
    while (objects.size() < n) {
      int shape = random.nextInt(Shapes.SHAPES.size());
      int color = random.nextInt(Shapes.COLORS.size());
      int sizeClass = random.nextInt(Shapes.SIZES.size());
      double r = sizeClass == 0 ? 7 + 2 * random.nextDouble() : 12.5 + 3 * random.nextDouble();
      double[] place = place(random, places, r, size);
      if (place == null) {
        n = objects.size(); // The canvas is full: keep the scene smaller.
        break;
      }
      places.add(place);
      kinds.add(new int[] {shape, color, sizeClass});
      objects.add(SceneObject.of(Shapes.SHAPES.get(shape), Shapes.SIZES.get(sizeClass), Shapes.COLORS.get(color)));
    }

    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Shapes.BACKGROUND);
    g.fillRect(0, 0, size, size);
    List<Rectangle> boxes = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      int[] kind = kinds.get(i);
      double[] p = places.get(i);
      double angle = (random.nextDouble() - 0.5) * Math.toRadians(20);
      Shape outline = Shapes.outline(kind[0], p[0], p[1], p[2], angle);
      Shapes.fill(g, outline, Shapes.color(kind[1], jitter(random), jitter(random), jitter(random)));
      Rectangle box = outline.getBounds();
      boxes.add(box.intersection(new Rectangle(0, 0, size, size)));
    }
    g.dispose();
    addNoise(image, random);

    float[][] features = new float[objects.size()][];
    float[][] regionBoxes = new float[objects.size()][];
    float[][] probs = new float[objects.size()][];
    for (int i = 0; i < objects.size(); i++) {
      Rectangle b = boxes.get(i);
      features[i] = RegionFeatures.extract(image, b.x, b.y, b.x + b.width, b.y + b.height);
      float area = (float) (b.width * b.height) / (size * size);
      regionBoxes[i] =
          new float[] {
            (float) b.x / size, (float) b.y / size, (float) (b.x + b.width) / size, (float) (b.y + b.height) / size, area
          };
      probs[i] = detector.classify(features[i]);
    }
    SceneGraph graph = new SceneGraph(objects, relations(places));
    return new Scene(
        split.prefix + "-" + String.format("%06d", index),
        graph,
        captions(graph, config.captionsPerScene()),
        features,
        regionBoxes,
        probs);
  }

  /** A free spot for an object of radius r, or null after many tries. */
  private static double[] place(SplittableRandom random, List<double[]> taken, double r, int size) {
    for (int attempt = 0; attempt < 200; attempt++) {
      double x = r + 2 + random.nextDouble() * (size - 2 * r - 4);
      double y = r + 2 + random.nextDouble() * (size - 2 * r - 4);
      boolean free = true;
      for (double[] t : taken) {
        if (Math.hypot(x - t[0], y - t[1]) < r + t[2] + 4) {
          free = false;
          break;
        }
      }
      if (free) {
        return new double[] {x, y, r};
      }
    }
    return null;
  }

  private static int jitter(SplittableRandom random) {
    return random.nextInt(25) - 12;
  }

  private static void addNoise(BufferedImage image, SplittableRandom random) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = noisy((rgb >> 16) & 0xff, random);
        int g = noisy((rgb >> 8) & 0xff, random);
        int b = noisy(rgb & 0xff, random);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
  }

  private static int noisy(int channel, SplittableRandom random) {
    // Triangular noise of +-8: cheap, bounded, deterministic.
    return Math.max(0, Math.min(255, channel + random.nextInt(9) - random.nextInt(9)));
  }

  /** One relation per ordered pair, from the dominant axis between the centres (y grows down). */
  static List<Relation> relations(List<double[]> places) {
    List<Relation> relations = new ArrayList<>();
    for (int a = 0; a < places.size(); a++) {
      for (int b = 0; b < places.size(); b++) {
        if (a == b) {
          continue;
        }
        double dx = places.get(b)[0] - places.get(a)[0];
        double dy = places.get(b)[1] - places.get(a)[1];
        String predicate =
            Math.abs(dx) >= Math.abs(dy)
                ? (dx > 0 ? "to the left of" : "to the right of")
                : (dy > 0 ? "above" : "below");
        relations.add(new Relation(a, predicate, b));
      }
    }
    return relations;
  }

  /**
   * The phrasings, in order: a relation phrase between the first two objects; the converse
   * relation as a sentence; an existential list of up to three objects; a relation to a third
   * object (or a list of two).
   */
  static List<String> captions(SceneGraph graph, int count) {
    List<SceneObject> objects = graph.objects();
    List<String> captions = new ArrayList<>();
    captions.add(CaptionRealizer.relationPhrase(graph, graph.relation(0, 1).orElseThrow()));
    captions.add(CaptionRealizer.relationSentence(graph, graph.relation(1, 0).orElseThrow()));
    captions.add(CaptionRealizer.existential(objects.subList(0, Math.min(3, objects.size()))));
    captions.add(
        objects.size() >= 3
            ? CaptionRealizer.relationPhrase(graph, graph.relation(2, 0).orElseThrow())
            : CaptionRealizer.list(objects));
    return captions.subList(0, count);
  }
}
