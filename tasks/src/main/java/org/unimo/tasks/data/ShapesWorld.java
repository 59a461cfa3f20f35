package org.unimo.tasks.data;

import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;

/**
 * Generates the shapes world: scenes of {@code minObjects..maxObjects} shapes (5 shapes x 6
 * colors x 2 sizes) placed without overlap on a plain background, drawn with Java2D; a scene graph
 * with every pairwise relation ("to the left of", "to the right of", "above", "below", by the
 * dominant axis between box centres); captions written from the graph; and per object a region:
 * pixel {@link RegionFeatures}, a normalized box and the {@link PrototypeDetector}'s class
 * distribution.
 *
 * <pre>{@code
 * ShapesWorldData world = ShapesWorld.generate(ShapesWorldConfig.defaults());
 * // or, generated once and then read from disk:
 * ShapesWorldData world = ShapesWorldCache.load(ShapesWorldCache.defaultDir(), config);
 * }</pre>
 *
 * <h2>Noise</h2>
 * Radius uniform in [0.070, 0.085] x image size for small objects and [0.120, 0.145] for large
 * ones; rotation uniform in +-10 degrees; color = base color + a shade shift (+-14, all channels)
 * + a per-channel shift (+-6); every pixel gets triangular noise of +-7 per channel. Boxes (the
 * outline's pixel bounds) keep {@value #GAP} pixels apart and off the image border.
 *
 * <h2>Determinism</h2>
 * Every scene is drawn from its own {@link SplittableRandom}, seeded from (seed, split, index,
 * attempt) by a SplitMix64 mix, so a scene does not depend on thread order or on the other
 * splits' sizes; scenes are generated in parallel with identical results. Our own trigonometry
 * and exponentials use {@code StrictMath}; Java2D's rasterizer is deterministic for a given JDK
 * (another JDK release could move antialiased edge pixels slightly, which is why the cache is
 * keyed on the format version and config rather than shared between machines).
 *
 * <h2>Splits</h2>
 * Train scenes are drawn freely. A held-out scene is redrawn (next attempt) while its graph
 * (up to object order) equals that of a train scene or an earlier held-out scene. Image-only and
 * text scenes are redrawn while their graph equals that of a train or held-out scene. The text
 * corpus is the captions of {@code textScenes} scenes that are never rendered, followed by {@code
 * wordNetGlosses} WordNet 3.1 glosses.
 */
public final class ShapesWorld {
  /** Most captions per scene: the number of phrasings. */
  public static final int MAX_CAPTIONS_PER_SCENE = Captions.PHRASINGS;

  /** Most objects per scene. */
  public static final int MAX_OBJECTS = 6;

  /** Pixels between two boxes, and between a box and the image border. */
  static final int GAP = 2;

  private static final double MAX_ANGLE = Math.toRadians(10);
  private static final int PLACEMENT_TRIES = 100;
  private static final int LAYOUT_RESTARTS = 12;
  private static final int MAX_ATTEMPTS = 10_000;

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

  /** A scene before rendering: the objects as placed, its graph, and the stream to continue. */
  private record Layout(
      Split split, int index, List<SceneRenderer.Placed> placed, SceneGraph graph, SplittableRandom random, long seed) {
    String id() {
      return split.prefix + "-" + String.format("%06d", index);
    }
  }

  private final ShapesWorldConfig config;
  private final PrototypeDetector detector;

  private ShapesWorld(ShapesWorldConfig config) {
    this.config = config;
    this.detector = new PrototypeDetector(config.imageSize());
  }

  /** The world {@code config} describes; the same config always gives the same data. */
  public static ShapesWorldData generate(ShapesWorldConfig config) {
    CompletableFuture<List<String>> glosses =
        CompletableFuture.supplyAsync(
            () -> WordNetGlosses.first(config.wordNetGlosses()),
            task -> {
              Thread thread = new Thread(task, "shapes-world-wordnet");
              thread.setDaemon(true);
              thread.start();
            });
    ShapesWorld world = new ShapesWorld(config);

    List<Layout> trainLayouts =
        IntStream.range(0, config.trainScenes()).parallel().mapToObj(i -> world.layout(Split.TRAIN, i, 0)).toList();
    Set<String> seen = new HashSet<>();
    trainLayouts.forEach(l -> seen.add(signature(l.graph())));

    List<Layout> heldoutLayouts = new ArrayList<>(config.heldoutScenes());
    for (int i = 0; i < config.heldoutScenes(); i++) {
      Layout layout = world.unseenLayout(Split.HELDOUT, i, seen);
      seen.add(signature(layout.graph()));
      heldoutLayouts.add(layout);
    }
    Set<String> trainAndHeldout = Set.copyOf(seen);
    List<Layout> imageLayouts =
        IntStream.range(0, config.imageOnlyScenes())
            .parallel()
            .mapToObj(i -> world.unseenLayout(Split.IMAGE_ONLY, i, trainAndHeldout))
            .toList();

    List<Scene> train = world.render(trainLayouts, true);
    List<Scene> heldout = world.render(heldoutLayouts, true);
    List<Scene> imageOnly = world.render(imageLayouts, false);

    List<String> text = new ArrayList<>();
    IntStream.range(0, config.textScenes())
        .parallel()
        .mapToObj(i -> world.captions(world.unseenLayout(Split.TEXT, i, trainAndHeldout)))
        .toList()
        .forEach(text::addAll);
    try {
      text.addAll(glosses.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    return new ShapesWorldData(config, train, heldout, imageOnly, text, Shapes.classNames());
  }

  private List<Scene> render(List<Layout> layouts, boolean withCaptions) {
    return layouts.parallelStream().map(l -> render(l, withCaptions)).toList();
  }

  /** The layout of scene {@code index}, redrawn while its graph's signature is in {@code avoid}. */
  private Layout unseenLayout(Split split, int index, Set<String> avoid) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Layout layout = layout(split, index, attempt);
      if (!avoid.contains(signature(layout.graph()))) {
        return layout;
      }
    }
    throw new IllegalStateException(
        split.prefix + " scene " + index + ": no new scene graph in " + MAX_ATTEMPTS + " attempts");
  }

  /** SplitMix64's finalizer over the seed, split, index and attempt. */
  private long streamSeed(Split split, int index, int attempt) {
    long z = config.seed();
    z = mix(z + 0x9E3779B97F4A7C15L * (split.ordinal() + 1));
    z = mix(z + 0x9E3779B97F4A7C15L * (index + 1L));
    z = mix(z + 0x9E3779B97F4A7C15L * (attempt + 1L));
    return z;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * Draws the objects and places them: each object gets up to {@value #PLACEMENT_TRIES} random
   * positions whose box keeps {@value #GAP} pixels from every earlier box and from the border;
   * when one finds none, the whole layout is redrawn, from the {@code LAYOUT_RESTARTS / 2}-th
   * restart on with small objects only.
   */
  private Layout layout(Split split, int index, int attempt) {
    long seed = streamSeed(split, index, attempt);
    SplittableRandom random = new SplittableRandom(seed);
    int size = config.imageSize();
    int n = config.minObjects() + random.nextInt(config.maxObjects() - config.minObjects() + 1);
    for (int restart = 0; restart < LAYOUT_RESTARTS; restart++) {
      boolean smallOnly = restart >= LAYOUT_RESTARTS / 2;
      List<SceneRenderer.Placed> placed = new ArrayList<>(n);
      while (placed.size() < n) {
        SceneRenderer.Placed object = place(random, placed, size, smallOnly);
        if (object == null) {
          break;
        }
        placed.add(object);
      }
      if (placed.size() == n) {
        return new Layout(split, index, List.copyOf(placed), graph(placed), random, seed);
      }
    }
    throw new IllegalStateException(
        "cannot place " + n + " objects without overlap on a " + size + "x" + size + " image");
  }

  private static SceneRenderer.@Nullable Placed place(
      SplittableRandom random, List<SceneRenderer.Placed> taken, int size, boolean smallOnly) {
    int shape = random.nextInt(Shapes.SHAPES.size());
    int color = random.nextInt(Shapes.COLORS.size());
    int sizeClass = smallOnly ? 0 : random.nextInt(Shapes.SIZES.size());
    double r = size * (sizeClass == 0 ? 0.070 + 0.015 * random.nextDouble() : 0.120 + 0.025 * random.nextDouble());
    double angle = (2 * random.nextDouble() - 1) * MAX_ANGLE;
    int shade = random.nextInt(29) - 14;
    var fill =
        Shapes.color(
            color,
            shade + random.nextInt(13) - 6,
            shade + random.nextInt(13) - 6,
            shade + random.nextInt(13) - 6);
    Rectangle inner = new Rectangle(GAP, GAP, size - 2 * GAP, size - 2 * GAP);
    for (int attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
      double cx = 1.25 * r + GAP + random.nextDouble() * (size - 2.5 * r - 2 * GAP);
      double cy = 1.25 * r + GAP + random.nextDouble() * (size - 2.5 * r - 2 * GAP);
      Shape outline = Shapes.outline(shape, cx, cy, r, angle);
      Rectangle box = SceneRenderer.bounds(outline);
      if (!inner.contains(box)) {
        continue;
      }
      Rectangle grown = new Rectangle(box.x - GAP, box.y - GAP, box.width + 2 * GAP, box.height + 2 * GAP);
      boolean free = true;
      for (SceneRenderer.Placed other : taken) {
        if (grown.intersects(other.box())) {
          free = false;
          break;
        }
      }
      if (free) {
        return new SceneRenderer.Placed(shape, color, sizeClass, outline, fill, box);
      }
    }
    return null;
  }

  private static SceneGraph graph(List<SceneRenderer.Placed> placed) {
    List<SceneObject> objects = new ArrayList<>(placed.size());
    for (SceneRenderer.Placed p : placed) {
      objects.add(
          SceneObject.of(Shapes.SHAPES.get(p.shape()), Shapes.SIZES.get(p.size()), Shapes.COLORS.get(p.color())));
    }
    return new SceneGraph(objects, relations(placed));
  }

  /**
   * One relation per ordered pair (a, b), from the dominant axis between the box centres (image y
   * grows downwards): a is "to the left of" b when b's centre is further right than it is up or
   * down, and so on; ties go to the horizontal predicates.
   */
  static List<Relation> relations(List<SceneRenderer.Placed> placed) {
    List<Relation> relations = new ArrayList<>();
    for (int a = 0; a < placed.size(); a++) {
      for (int b = 0; b < placed.size(); b++) {
        if (a == b) {
          continue;
        }
        double dx = placed.get(b).centerX() - placed.get(a).centerX();
        double dy = placed.get(b).centerY() - placed.get(a).centerY();
        String predicate =
            Math.abs(dx) >= Math.abs(dy)
                ? Shapes.PREDICATES.get(dx > 0 ? 0 : 1)
                : Shapes.PREDICATES.get(dy > 0 ? 2 : 3);
        relations.add(new Relation(a, predicate, b));
      }
    }
    return relations;
  }

  /**
   * The graph up to object order: the sorted object descriptions and the sorted relation triples
   * written with descriptions instead of indices.
   */
  static String signature(SceneGraph graph) {
    List<String> objects = new ArrayList<>();
    for (SceneObject o : graph.objects()) {
      objects.add(o.description());
    }
    List<String> relations = new ArrayList<>();
    for (Relation r : graph.relations()) {
      relations.add(objects.get(r.subject()) + "|" + r.predicate() + "|" + objects.get(r.object()));
    }
    List<String> sortedObjects = new ArrayList<>(objects);
    sortedObjects.sort(null);
    relations.sort(null);
    return String.join(",", sortedObjects) + "#" + String.join(",", relations);
  }

  private List<String> captions(Layout layout) {
    // A stream of its own, so captions do not shift the pixels (image-only scenes have none).
    SplittableRandom random = new SplittableRandom(mix(layout.seed() ^ 0x5DEECE66DL));
    return Captions.write(layout.graph(), config.captionsPerScene(), random);
  }

  private Scene render(Layout layout, boolean withCaptions) {
    int size = config.imageSize();
    BufferedImage image = SceneRenderer.render(size, layout.placed(), layout.random());
    int background = RegionFeatures.background(image);
    int n = layout.placed().size();
    float[][] features = new float[n][];
    float[][] boxes = new float[n][];
    float[][] probs = new float[n][];
    for (int i = 0; i < n; i++) {
      Rectangle b = layout.placed().get(i).box();
      features[i] = RegionFeatures.extract(image, b, background);
      boxes[i] =
          new float[] {
            (float) b.x / size,
            (float) b.y / size,
            (float) (b.x + b.width) / size,
            (float) (b.y + b.height) / size,
            (float) b.width * b.height / ((float) size * size)
          };
      probs[i] = detector.classify(features[i]);
    }
    List<String> captions = withCaptions ? captions(layout) : List.of();
    return new Scene(layout.id(), layout.graph(), captions, features, boxes, probs);
  }

  /**
   * Renders {@code objects} (shape, color and size indices) alone in a scene at fixed positions
   * and returns that scene, for tests and diagnostics: objects are laid out left to right on the
   * middle row, unrotated, at the middle radius of their size, without color jitter; {@code
   * noiseSeed} drives the pixel noise.
   */
  static Scene renderFixed(ShapesWorldConfig config, List<int[]> objects, long noiseSeed) {
    ShapesWorld world = new ShapesWorld(config);
    int size = config.imageSize();
    List<SceneRenderer.Placed> placed = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      int[] o = objects.get(i);
      double r = size * (o[2] == 0 ? 0.0775 : 0.1325);
      double cx = size * (i + 0.5) / objects.size();
      Shape outline = Shapes.outline(o[0], cx, size / 2.0, r, 0);
      placed.add(new SceneRenderer.Placed(o[0], o[1], o[2], outline, Shapes.color(o[1], 0, 0, 0), SceneRenderer.bounds(outline)));
    }
    Layout layout = new Layout(Split.TRAIN, 0, placed, graph(placed), new SplittableRandom(noiseSeed), noiseSeed);
    return world.render(layout, true);
  }
}
