package org.unimo.tasks.data;

import com.google.common.hash.Hashing;
import com.google.common.primitives.Floats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.unimo.rewriting.scene.Relation;
import org.unimo.rewriting.scene.SceneGraph;
import org.unimo.rewriting.scene.SceneObject;
import org.unimo.tasks.data.proto.ObjectRecord;
import org.unimo.tasks.data.proto.RegionRecord;
import org.unimo.tasks.data.proto.RelationRecord;
import org.unimo.tasks.data.proto.SceneRecord;
import org.unimo.tasks.data.proto.ShapesWorldSnapshot;

/**
 * Generated shapes worlds, cached on disk: the first use generates and writes the file, later
 * uses read it (much faster, and no WordNet scan).
 *
 * <p>The file name carries a hash of the config and the generator's format version, so a changed
 * config or generator never reads a stale file. A file that cannot be read (truncated,
 * corrupted, or written by another version) is reported and regenerated; files are written to a
 * temporary name and renamed, so a crash never leaves a half-written cache behind.
 */
public final class ShapesWorldCache {
  /** Bump when generation changes what a config produces. */
  static final int FORMAT_VERSION = 1;

  private ShapesWorldCache() {}

  /** {@code $UNIMO_CACHE} when set, else {@code ~/.cache/unimo}. */
  public static Path defaultDir() {
    String env = System.getenv("UNIMO_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "unimo");
  }

  /** The cache file for {@code config} under {@code dir}. */
  public static Path file(Path dir, ShapesWorldConfig config) {
    String key =
        Hashing.sha256()
            .hashString(FORMAT_VERSION + "|" + config, StandardCharsets.UTF_8)
            .toString()
            .substring(0, 16);
    return dir.resolve("shapes-world-v" + FORMAT_VERSION + "-" + key + ".pb");
  }

  /** Reads the cached world for {@code config}, generating and caching it when absent or unreadable. */
  public static ShapesWorldData load(Path dir, ShapesWorldConfig config) throws IOException {
    Path file = file(dir, config);
    if (Files.isRegularFile(file)) {
      try {
        return read(file, config);
      } catch (IOException e) {
        System.err.println("unimo: regenerating the shapes world: " + e.getMessage());
      }
    }
    ShapesWorldData data = ShapesWorld.generate(config);
    write(data, config, file);
    return data;
  }

  /**
   * Reads a cache file.
   *
   * @throws IOException naming the file when it is truncated, corrupt or made for another config
   */
  static ShapesWorldData read(Path file, ShapesWorldConfig config) throws IOException {
    ShapesWorldSnapshot snapshot;
    try (InputStream in = Files.newInputStream(file)) {
      snapshot = ShapesWorldSnapshot.parseFrom(in);
    } catch (IOException e) {
      throw new IOException(file + ": unreadable shapes-world cache (" + e.getMessage() + ")", e);
    }
    if (snapshot.getFormatVersion() != FORMAT_VERSION || !snapshot.getConfig().equals(config.toString())) {
      throw new IOException(file + ": made by another generator or config");
    }
    if (snapshot.getFeatureSize() != RegionFeatures.SIZE) {
      throw new IOException(file + ": feature size " + snapshot.getFeatureSize() + ", expected " + RegionFeatures.SIZE);
    }
    return new ShapesWorldData(
        scenes(snapshot.getTrainList(), file),
        scenes(snapshot.getHeldoutList(), file),
        scenes(snapshot.getImageOnlyList(), file),
        snapshot.getTextCorpusList(),
        snapshot.getClassNamesList());
  }

  static void write(ShapesWorldData data, ShapesWorldConfig config, Path file) throws IOException {
    ShapesWorldSnapshot.Builder snapshot =
        ShapesWorldSnapshot.newBuilder()
            .setFormatVersion(FORMAT_VERSION)
            .setConfig(config.toString())
            .setFeatureSize(RegionFeatures.SIZE)
            .addAllClassNames(data.classNames())
            .addAllTextCorpus(data.textCorpus());
    data.train().forEach(s -> snapshot.addTrain(record(s)));
    data.heldout().forEach(s -> snapshot.addHeldout(record(s)));
    data.imageOnly().forEach(s -> snapshot.addImageOnly(record(s)));
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        snapshot.build().writeTo(out);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static SceneRecord record(Scene scene) {
    SceneRecord.Builder record = SceneRecord.newBuilder().setId(scene.id()).addAllCaptions(scene.captions());
    for (SceneObject o : scene.graph().objects()) {
      record.addObjects(ObjectRecord.newBuilder().setNoun(o.noun()).addAllAttributes(o.attributes()));
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

  private static List<Scene> scenes(List<SceneRecord> records, Path file) throws IOException {
    List<Scene> scenes = new ArrayList<>(records.size());
    for (SceneRecord r : records) {
      try {
        List<SceneObject> objects =
            r.getObjectsList().stream().map(o -> new SceneObject(o.getNoun(), o.getAttributesList())).toList();
        List<Relation> relations =
            r.getRelationsList().stream()
                .map(x -> new Relation(x.getSubject(), x.getPredicate(), x.getObject()))
                .toList();
        int regions = r.getRegionsCount();
        float[][] features = new float[regions][];
        float[][] boxes = new float[regions][];
        float[][] probs = new float[regions][];
        for (int i = 0; i < regions; i++) {
          RegionRecord region = r.getRegions(i);
          features[i] = Floats.toArray(region.getFeaturesList());
          boxes[i] = Floats.toArray(region.getBoxList());
          probs[i] = Floats.toArray(region.getClassProbsList());
          if (features[i].length != RegionFeatures.SIZE || boxes[i].length != 5) {
            throw new IllegalArgumentException("region " + i + " has " + features[i].length + " features and a box of " + boxes[i].length);
          }
        }
        scenes.add(new Scene(r.getId(), new SceneGraph(objects, relations), r.getCaptionsList(), features, boxes, probs));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": scene " + r.getId() + ": " + e.getMessage(), e);
      }
    }
    return scenes;
  }
}
