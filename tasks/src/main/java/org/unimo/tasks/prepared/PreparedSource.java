package org.unimo.tasks.prepared;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import com.google.common.util.concurrent.UncheckedExecutionException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.PairBatch;
import org.unimo.graph.objective.DataRequirement;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.data.StoredSampleSets;

/**
 * A directory written by {@code unimo prepare} as a {@link DataSource}: every example is read
 * from its shard when asked for, so memory does not grow with the data (the trainer's batching
 * decides which index comes next; see {@link DataSource}).
 *
 * <p>Decoded pairs are kept in a small cache, because a step reads a pair for its image and
 * caption and again for its sample set. Thread-safe: batches are assembled ahead on background
 * threads.
 */
public final class PreparedSource implements DataSource, Closeable {
  /** Decoded pairs kept: a few batches' worth. */
  private static final int PAIR_CACHE = 1024;

  private final Path dir;
  private final PreparedManifest manifest;
  private final ShardedRecords pairs;
  private final ShardedRecords images;
  private final ShardedRecords texts;
  private final ShardedRecords heldout;
  private final LoadingCache<Integer, PreparedRecords.Pair> pairCache;

  private PreparedSource(
      Path dir, PreparedManifest manifest, ShardedRecords pairs, ShardedRecords images, ShardedRecords texts, ShardedRecords heldout) {
    this.dir = dir;
    this.manifest = manifest;
    this.pairs = pairs;
    this.images = images;
    this.texts = texts;
    this.heldout = heldout;
    this.pairCache =
        CacheBuilder.newBuilder()
            .maximumSize(PAIR_CACHE)
            .build(
                new CacheLoader<>() {
                  @Override
                  public PreparedRecords.Pair load(Integer index) throws IOException {
                    return PreparedRecords.readPair(pairs.read(index), where(PreparedManifest.PAIRS, index));
                  }
                });
  }

  /**
   * Opens a prepared directory: reads its manifest and opens its shards (checking their sizes,
   * not their contents: {@code prepare} hashed them).
   *
   * @throws IOException naming the file that is missing, malformed or of the wrong size
   */
  public static PreparedSource open(Path dir) throws IOException {
    PreparedManifest manifest = PreparedManifest.read(dir);
    List<ShardedRecords> opened = new ArrayList<>();
    try {
      for (String stream : List.of(PreparedManifest.PAIRS, PreparedManifest.IMAGES, PreparedManifest.TEXT, PreparedManifest.HELDOUT)) {
        opened.add(ShardedRecords.open(dir, stream, manifest.stream(stream).shards()));
      }
    } catch (IOException | RuntimeException e) {
      for (ShardedRecords records : opened) {
        records.close();
      }
      throw e;
    }
    return new PreparedSource(dir, manifest, opened.get(0), opened.get(1), opened.get(2), opened.get(3));
  }

  public PreparedManifest manifest() {
    return manifest;
  }

  public Path dir() {
    return dir;
  }

  private static String where(String stream, long index) {
    return stream + " record " + index;
  }

  @Override
  public String describe() {
    return String.format(
        "prepared data in %s: %,d image-text pairs, %,d texts, %,d images without text, %,d held-out pairs",
        dir, pairs.size(), texts.size(), images.size(), heldout.size());
  }

  @Override
  public int texts() {
    return count(texts);
  }

  @Override
  public String text(int index) {
    try {
      return PreparedRecords.readText(texts.read(index), where(PreparedManifest.TEXT, index));
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int pairs() {
    return count(pairs);
  }

  @Override
  public PairExample pair(int index) {
    PreparedRecords.Pair pair = preparedPair(index);
    return new PairExample(regions(pair.image()), pair.captions());
  }

  /** Pair {@code index} with its sample sets, as stored. */
  public PreparedRecords.Pair preparedPair(int index) {
    try {
      return pairCache.getUnchecked(index);
    } catch (UncheckedExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(dir + ": " + io.getMessage(), io);
      }
      throw e;
    }
  }

  @Override
  public int images() {
    return count(images);
  }

  @Override
  public ImageExample image(int index) {
    try {
      PreparedRecords.Image image = PreparedRecords.readImage(images.read(index), where(PreparedManifest.IMAGES, index));
      float[][] classes = image.classProbs() != null ? image.classProbs() : new float[image.regions()][0];
      return new ImageExample(regions(image), classes);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<PairExample> heldout() {
    List<PairExample> examples = new ArrayList<>();
    for (int i = 0; i < heldout.size(); i++) {
      try {
        PreparedRecords.Pair pair = PreparedRecords.readPair(heldout.read(i), where(PreparedManifest.HELDOUT, i));
        examples.add(new PairExample(regions(pair.image()), pair.captions()));
      } catch (IOException e) {
        throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
      }
    }
    return examples;
  }

  @Override
  public int featureSize() {
    return manifest.featureSize();
  }

  @Override
  public int detectorClasses() {
    return manifest.detectorClasses();
  }

  /**
   * The sample sets stored with the pairs, tokenized as they are read.
   *
   * @throws IllegalArgumentException when the spec asks for a kind the directory was prepared
   *     without, naming the field
   */
  @Override
  public PairBatch.SampleSetSource sampleSets(
      DataRequirement.SampleSets requirement, Tokenizer tokenizer, int textLength, long seed) {
    CmclSamplesSpec declared = requirement.counts();
    Map<SampleKind, Integer> wanted = new EnumMap<>(SampleKind.class);
    wanted.put(SampleKind.BACKTRANSLATION, declared.backtranslations());
    wanted.put(SampleKind.PARAPHRASE, declared.paraphrases());
    wanted.put(SampleKind.TEXT, declared.relatedTexts());
    wanted.put(SampleKind.IMAGE, declared.relatedImages());
    wanted.put(SampleKind.TFIDF, declared.tfidfNegatives());
    wanted.put(SampleKind.OBJECT, declared.objectNegatives());
    wanted.put(SampleKind.ATTRIBUTE, declared.attributeNegatives());
    wanted.put(SampleKind.RELATION, declared.relationNegatives());
    List<String> missing = new ArrayList<>();
    wanted.forEach(
        (kind, n) -> {
          if (n > 0 && manifest.samples().counts().getOrDefault(kind.label(), 0) == 0) {
            missing.add(kind.label());
          }
        });
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          requirement.path() + ": asks for " + String.join(", ", missing) + " samples, but " + dir
              + " was prepared without them; prepare it again with this config (unimo prepare --config FILE ...)");
    }
    return new StoredSampleSets(declared, tokenizer, textLength) {
      @Override
      protected PairSet set(int pair, int caption) {
        PreparedRecords.Pair stored = preparedPair(pair);
        if (stored.samples().isEmpty()) {
          return new PairSet(Map.of(), new int[0]);
        }
        PreparedRecords.CaptionSamples samples = stored.samples().get(caption);
        Map<SampleKind, List<int[]>> texts = new EnumMap<>(SampleKind.class);
        samples.texts().forEach((kind, values) -> texts.put(kind, values.stream().map(tokenizer::encode).toList()));
        return new PairSet(texts, samples.images());
      }

      @Override
      protected ImageRegions image(int pair) {
        return regions(preparedPair(pair).image());
      }
    };
  }

  private static ImageRegions regions(PreparedRecords.Image image) {
    return new ImageRegions(image.features(), image.boxes());
  }

  private int count(ShardedRecords records) {
    return Math.toIntExact(records.size());
  }

  @Override
  public void close() throws IOException {
    for (ShardedRecords records : List.of(pairs, images, texts, heldout)) {
      records.close();
    }
  }
}
