package org.unimo.tasks.data;

import com.google.common.hash.Hashing;
import com.google.common.primitives.Floats;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.jspecify.annotations.Nullable;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;
import org.unimo.tasks.data.proto.CacheHeader;
import org.unimo.tasks.data.proto.CacheTrailer;
import org.unimo.tasks.data.proto.ConfigRecord;
import org.unimo.tasks.data.proto.ObjectRecord;
import org.unimo.tasks.data.proto.RegionRecord;
import org.unimo.tasks.data.proto.RelationRecord;
import org.unimo.tasks.data.proto.SceneRecord;
import org.unimo.tasks.data.proto.TextCorpus;

/**
 * Generated shapes worlds cached on disk: the first use generates and writes the file, later uses
 * read it (no rendering, no WordNet scan).
 *
 * <h2>File</h2>
 * {@code <dir>/shapes-world-v<FORMAT_VERSION>-<key>.pb}, where key is the first 16 hex digits of
 * the SHA-256 of {@link ShapesWorldConfig#cacheKey()}: another config or generator version never
 * reads a stale file. The content is a stream of length-delimited protobuf messages ({@code
 * unimo/data/shapes_world.proto}): a header with the format version, the config, the feature size,
 * the class names and the split sizes; the train, held-out and image-only scenes; the text corpus;
 * and a trailer with the CRC32C of everything before it. A file is written to a temporary file in
 * the same directory, forced to disk and atomically renamed, so readers never see a partial file
 * and concurrent writers of the same config just replace one complete file with an identical one.
 *
 * <h2>Corrupt files</h2>
 * {@link #read} throws an {@link IOException} whose message starts with the file's path when the
 * file is truncated, fails the checksum, does not parse, or was made for another config or
 * version. {@link #load} handles that itself: it logs a warning (System.Logger {@code
 * org.unimo.tasks.data.ShapesWorldCache}), deletes the bad file, regenerates the world and writes
 * a fresh file; so callers of {@code load} only see I/O errors of the cache directory itself.
 */
public final class ShapesWorldCache {
  /** Bump whenever generation or the file layout changes what a file holds. */
  public static final int FORMAT_VERSION = 1;

  private static final System.Logger LOG = System.getLogger(ShapesWorldCache.class.getName());

  private ShapesWorldCache() {}

  /** {@code $UNIMO_CACHE} when set and not blank, else {@code ~/.cache/unimo}. */
  public static Path defaultDir() {
    String env = System.getenv("UNIMO_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "unimo");
  }

  /** The cache file for {@code config} under {@code dir} (which need not exist). */
  public static Path file(Path dir, ShapesWorldConfig config) {
    String key =
        Hashing.sha256().hashString(config.cacheKey(), StandardCharsets.UTF_8).toString().substring(0, 16);
    return dir.resolve("shapes-world-v" + FORMAT_VERSION + "-" + key + ".pb");
  }

  /**
   * The world for {@code config}: read from its cache file under {@code dir}, or generated and
   * written there when the file is absent or unreadable (a bad file is logged, deleted and
   * replaced).
   *
   * @throws IOException if the directory cannot be created or the file cannot be written
   */
  public static ShapesWorldData load(Path dir, ShapesWorldConfig config) throws IOException {
    Path file = file(dir, config);
    if (Files.isRegularFile(file)) {
      try {
        return read(file, config);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "deleting and regenerating the shapes-world cache: " + e.getMessage());
        Files.deleteIfExists(file);
      }
    }
    ShapesWorldData data = ShapesWorld.generate(config);
    write(data, file);
    return data;
  }

  /**
   * Reads a cache file written by {@link #write} for {@code config}.
   *
   * @throws IOException naming the file if it cannot be read, is truncated or corrupt, or was
   *     made for another config or format version
   */
  public static ShapesWorldData read(Path file, ShapesWorldConfig config) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        CheckedInputStream in = new CheckedInputStream(raw, new CRC32C())) {
      CacheHeader header = next(CacheHeader.parser().parseDelimitedFrom(in), file, "the header");
      if (header.getFormatVersion() != FORMAT_VERSION) {
        throw corrupt(file, "format version " + header.getFormatVersion() + ", expected " + FORMAT_VERSION, null);
      }
      if (!header.getConfig().equals(record(config))) {
        throw corrupt(file, "made for another config: " + header.getConfig().toString().replace('\n', ' '), null);
      }
      if (header.getFeatureSize() != RegionFeatures.SIZE) {
        throw corrupt(file, "feature size " + header.getFeatureSize() + ", expected " + RegionFeatures.SIZE, null);
      }
      if (!header.getClassNamesList().equals(Shapes.classNames())) {
        throw corrupt(file, "other class names: " + header.getClassNamesList(), null);
      }
      List<Scene> train = scenes(in, header.getTrainCount(), file, "train");
      List<Scene> heldout = scenes(in, header.getHeldoutCount(), file, "heldout");
      List<Scene> imageOnly = scenes(in, header.getImageOnlyCount(), file, "image-only");
      TextCorpus text = next(TextCorpus.parser().parseDelimitedFrom(in), file, "the text corpus");
      if (text.getSentencesCount() != header.getTextCount()) {
        throw corrupt(file, text.getSentencesCount() + " sentences, the header says " + header.getTextCount(), null);
      }
      int crc = (int) in.getChecksum().getValue();
      CacheTrailer trailer = next(CacheTrailer.parser().parseDelimitedFrom(in), file, "the trailer");
      if (!trailer.hasCrc32C() || trailer.getCrc32C() != crc) {
        throw corrupt(
            file, String.format("checksum %08x, the trailer says %08x", crc, trailer.getCrc32C()), null);
      }
      if (in.read() != -1) {
        throw corrupt(file, "bytes after the trailer", null);
      }
      return new ShapesWorldData(config, train, heldout, imageOnly, text.getSentencesList(), header.getClassNamesList());
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw corrupt(file, e.getMessage(), e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
        throw e;
      }
      throw new IOException(file + ": cannot read the shapes-world cache: " + e, e);
    }
  }

  /**
   * Writes {@code data} (for {@code data.config()}) to {@code file}: to a temporary file in the
   * same directory, then renamed over {@code file}.
   */
  public static void write(ShapesWorldData data, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // A unique name rather than Files.createTempFile, whose 0600 would stay with the renamed cache.
    Path temp = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
    try {
      try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
          CheckedOutputStream out = new CheckedOutputStream(raw, new CRC32C())) {
        CacheHeader.newBuilder()
            .setFormatVersion(FORMAT_VERSION)
            .setConfig(record(data.config()))
            .setFeatureSize(data.featureSize())
            .addAllClassNames(data.classNames())
            .setTrainCount(data.train().size())
            .setHeldoutCount(data.heldout().size())
            .setImageOnlyCount(data.imageOnly().size())
            .setTextCount(data.textCorpus().size())
            .build()
            .writeDelimitedTo(out);
        for (List<Scene> split : List.of(data.train(), data.heldout(), data.imageOnly())) {
          for (Scene scene : split) {
            record(scene).writeDelimitedTo(out);
          }
        }
        TextCorpus.newBuilder().addAllSentences(data.textCorpus()).build().writeDelimitedTo(out);
        int crc = (int) out.getChecksum().getValue();
        CacheTrailer.newBuilder().setCrc32C(crc).build().writeDelimitedTo(out);
      }
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static <T> T next(@Nullable T message, Path file, String what) throws IOException {
    if (message == null) {
      throw corrupt(file, "truncated: the file ends before " + what, null);
    }
    return message;
  }

  private static IOException corrupt(Path file, @Nullable String message, @Nullable Throwable cause) {
    return new IOException(file + ": corrupt or stale shapes-world cache: " + message, cause);
  }

  static ConfigRecord record(ShapesWorldConfig config) {
    return ConfigRecord.newBuilder()
        .setSeed(config.seed())
        .setTrainScenes(config.trainScenes())
        .setHeldoutScenes(config.heldoutScenes())
        .setImageOnlyScenes(config.imageOnlyScenes())
        .setTextScenes(config.textScenes())
        .setCaptionsPerScene(config.captionsPerScene())
        .setImageSize(config.imageSize())
        .setMinObjects(config.minObjects())
        .setMaxObjects(config.maxObjects())
        .setWordnetGlosses(config.wordNetGlosses())
        .build();
  }

  private static SceneRecord record(Scene scene) {
    SceneRecord.Builder record = SceneRecord.newBuilder().setId(scene.id()).addAllCaptions(scene.captions());
    for (SceneObject o : scene.graph().objects()) {
      ObjectRecord.Builder object = ObjectRecord.newBuilder().setNoun(o.noun()).addAllAttributes(o.attributes());
      if (o.id() != null) {
        object.setId(o.id());
      }
      record.addObjects(object);
    }
    for (Relation r : scene.graph().relations()) {
      record.addRelations(
          RelationRecord.newBuilder().setSubject(r.subject()).setPredicate(r.predicate()).setObject(r.object()));
    }
    for (int i = 0; i < scene.numRegions(); i++) {
      record.addRegions(
          RegionRecord.newBuilder()
              .addAllFeatures(Floats.asList(scene.features()[i]))
              .addAllBox(Floats.asList(scene.boxes()[i]))
              .addAllClassProbs(Floats.asList(scene.classProbs()[i])));
    }
    return record.build();
  }

  private static List<Scene> scenes(InputStream in, int count, Path file, String split) throws IOException {
    List<Scene> scenes = new ArrayList<>(count);
    for (int s = 0; s < count; s++) {
      SceneRecord r = next(SceneRecord.parser().parseDelimitedFrom(in), file, split + " scene " + s + " of " + count);
      List<SceneObject> objects = new ArrayList<>(r.getObjectsCount());
      for (ObjectRecord o : r.getObjectsList()) {
        objects.add(new SceneObject(o.getNoun(), o.getAttributesList(), o.hasId() ? o.getId() : null));
      }
      List<Relation> relations = new ArrayList<>(r.getRelationsCount());
      for (RelationRecord x : r.getRelationsList()) {
        relations.add(new Relation(x.getSubject(), x.getPredicate(), x.getObject()));
      }
      int regions = r.getRegionsCount();
      float[][] features = new float[regions][];
      float[][] boxes = new float[regions][];
      float[][] probs = new float[regions][];
      for (int i = 0; i < regions; i++) {
        RegionRecord region = r.getRegions(i);
        features[i] = Floats.toArray(region.getFeaturesList());
        boxes[i] = Floats.toArray(region.getBoxList());
        probs[i] = Floats.toArray(region.getClassProbsList());
        if (features[i].length != RegionFeatures.SIZE || probs[i].length != Shapes.classNames().size()) {
          throw corrupt(
              file,
              "scene " + r.getId() + ", region " + i + ": " + features[i].length + " features and "
                  + probs[i].length + " class probabilities",
              null);
        }
      }
      scenes.add(new Scene(r.getId(), new SceneGraph(objects, relations), r.getCaptionsList(), features, boxes, probs));
    }
    return scenes;
  }
}
