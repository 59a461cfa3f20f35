package org.unimo.tasks.prepared;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code prepared.json}, the manifest of a prepared directory: what each stream holds, in which
 * shards (each with its SHA-256, computed once while it was written), the shape of the region
 * features, and how the CMCL sample sets were made. A run records this file's SHA-256 as the
 * fingerprint of its data, so it never hashes a corpus again.
 *
 * @param format {@value #FORMAT}
 * @param featureSize floats per region feature vector (0 without images)
 * @param detectorClasses width of the class distributions ({@code cls_prob}); 0 when the features have none
 * @param classNames the detector's class names, when given
 * @param captionsAsText whether the text stream begins with the pairs' captions
 * @param samples how the pairs' sample sets were made
 * @param streams by name: {@code pairs}, {@code images}, {@code text}, {@code heldout}
 * @param sources the input files, by role
 * @param skipped bad rows skipped, by input role (with {@code --skip-bad-rows})
 */
public record PreparedManifest(
    String format,
    int featureSize,
    int detectorClasses,
    List<String> classNames,
    boolean captionsAsText,
    Samples samples,
    Map<String, Stream> streams,
    Map<String, List<String>> sources,
    Map<String, Long> skipped) {
  public static final String FILE = "prepared.json";
  public static final String FORMAT = "unimo-prepared/1";

  public static final String PAIRS = "pairs";
  public static final String IMAGES = "images";
  public static final String TEXT = "text";
  public static final String HELDOUT = "heldout";

  private static final Gson GSON =
      new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).setPrettyPrinting().create();

  public PreparedManifest {
    classNames = List.copyOf(classNames);
    streams = new TreeMap<>(streams);
    sources = new TreeMap<>(sources);
    skipped = new TreeMap<>(skipped);
  }

  /**
   * The sample sets' recipe: the counts per caption asked for (by kind label) and the seed of
   * the rewriting; {@code produced} counts what was made, by kind label.
   */
  public record Samples(long seed, Map<String, Integer> counts, Map<String, Long> produced) {
    public Samples {
      counts = new TreeMap<>(counts);
      produced = new TreeMap<>(produced);
    }
  }

  /** One stream's records and shards. */
  public record Stream(long records, List<Shard> shards) {
    public Stream {
      shards = List.copyOf(shards);
    }
  }

  /** The stream {@code name}, or an empty one. */
  public Stream stream(String name) {
    Stream stream = streams.get(name);
    return stream == null ? new Stream(0, List.of()) : stream;
  }

  String toJson() {
    return GSON.toJson(this) + "\n";
  }

  /**
   * Reads the manifest of {@code dir}.
   *
   * @throws IOException naming the file when it is missing, malformed or of another format
   */
  public static PreparedManifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "missing: not a directory written by unimo prepare");
    }
    @Nullable PreparedManifest manifest;
    try {
      manifest = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), PreparedManifest.class);
    } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
      throw new IOException(file + ": malformed: " + e.getMessage(), e);
    }
    if (manifest == null || !FORMAT.equals(manifest.format())) {
      throw new IOException(
          file + ": format '" + (manifest == null ? "none" : manifest.format()) + "'; this toolkit reads '" + FORMAT + "'");
    }
    return manifest;
  }
}
