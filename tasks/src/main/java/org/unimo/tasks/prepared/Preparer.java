package org.unimo.tasks.prepared;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.BufferedInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.dsl.DataFilesSpec;
import org.unimo.rewriting.paraphrase.BackTranslator;
import org.unimo.rewriting.pipeline.CaptionRewriter;
import org.unimo.rewriting.retrieval.Caption;
import org.unimo.rewriting.retrieval.LabeledImage;
import org.unimo.rewriting.samples.Sample;
import org.unimo.rewriting.samples.SampleKind;
import org.unimo.tasks.data.SampleSets;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.CaptionSources;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.Globs;
import org.unimo.tasks.formats.ImageCaptions;
import org.unimo.tasks.formats.RegionFeatureTsv;
import org.unimo.tasks.formats.TextCorpora;
import org.unimo.tasks.tensorboard.TfRecords;

/**
 * Converts data in the standard formats into a prepared directory ({@link PreparedSource}): the
 * captions joined to their images' region features, with each caption's CMCL sample set made by
 * {@link CaptionRewriter}; images without text; the text corpus; held-out pairs.
 *
 * <p>Region features are streamed: a pair is written when its image's row is read, so pairs come
 * in the order of the feature files (the captions' order when they are alike). When related images
 * are asked for, the feature files are read twice: first for every image's labels, which the
 * rewriting needs before any pair is written. Captions, sample sets and (for related texts) the
 * text corpus are held in memory; features never are.
 *
 * <p>Everything is written into a temporary sibling of the output and renamed into place at the
 * end: a failed or interrupted preparation leaves no directory behind.
 */
public final class Preparer {
  /** Karpathy splits that train; every other split of a Karpathy file is left out of the pairs. */
  public static final Set<String> TRAIN_SPLITS = CaptionSources.KARPATHY_TRAINING;

  /** Karpathy splits held out for evaluation. */
  public static final Set<String> HELDOUT_SPLITS = Set.of("test");

  /**
   * What to prepare and how.
   *
   * @param files the inputs (paths or globs)
   * @param samples the sample sets to make per caption, or null for none
   * @param seed the rewriting's seed
   * @param backTranslator for back-translated positives, when {@code samples} asks for them
   * @param skipBadRows count and skip malformed rows instead of stopping at the first
   * @param shardBytes about how large a shard grows
   */
  public record Options(
      DataFilesSpec files,
      @Nullable CmclSamplesSpec samples,
      long seed,
      @Nullable BackTranslator backTranslator,
      boolean skipBadRows,
      long shardBytes) {
    public static final long DEFAULT_SHARD_BYTES = 256L << 20;
  }

  /** What {@link #prepare} wrote. */
  public record Result(PreparedManifest manifest, Path dir, String report) {}

  private final Options options;
  private final Consumer<String> log;
  private final Map<String, BadRows> bad = new TreeMap<>();

  private Preparer(Options options, Consumer<String> log) {
    this.options = options;
    this.log = log;
  }

  /**
   * Prepares {@code options}' inputs into {@code out}, which must not exist or be empty.
   *
   * @param log receives a line per stage
   * @throws IOException naming the file and line of a malformed row (unless skipping), or a
   *     caption whose image has no features
   */
  public static Result prepare(Options options, Path out, Consumer<String> log) throws IOException {
    return new Preparer(options, log).run(out);
  }

  private BadRows bad(String role) {
    return bad.computeIfAbsent(role, r -> options.skipBadRows() ? BadRows.skip() : BadRows.fail());
  }

  private Result run(Path out) throws IOException {
    if (Files.exists(out) && !(Files.isDirectory(out) && isEmpty(out))) {
      throw new IOException(out + ": exists and is not an empty directory; prepare into a new one");
    }
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempDirectory(parent, out.getFileName() + ".partial-");
    // Ctrl-C or SIGTERM ends the JVM without unwinding this method: the hook removes the partial copy.
    Thread cleanup = new Thread(() -> deleteQuietly(temp), "unimo-prepare-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      PreparedManifest manifest = write(temp);
      Files.writeString(temp.resolve(PreparedManifest.FILE), manifest.toJson(), StandardCharsets.UTF_8);
      if (Files.isDirectory(out)) {
        Files.delete(out);
      }
      Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE);
      removeHook(cleanup);
      return new Result(manifest, out, report());
    } catch (UncheckedIOException e) {
      deleteQuietly(temp);
      removeHook(cleanup);
      throw e.getCause();
    } catch (IOException | RuntimeException e) {
      deleteQuietly(temp);
      removeHook(cleanup);
      throw e;
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      if (Files.exists(dir)) {
        MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    } catch (IOException e) {
      System.err.println("unimo prepare: could not remove " + dir + ": " + e.getMessage());
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs, and finds nothing to remove.
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The skipped rows, by input, or an empty string. */
  private String report() {
    StringBuilder out = new StringBuilder();
    bad.forEach(
        (role, rows) -> {
          if (rows.count() > 0) {
            out.append(role).append(": ").append(rows.report()).append('\n');
          }
        });
    return out.toString();
  }

  private PreparedManifest write(Path dir) throws IOException {
    DataFilesSpec files = options.files();
    Map<String, List<String>> sources = new TreeMap<>();
    List<Path> pairFiles = expand(files.pairs(), "pairs", sources);
    List<Path> featureFiles = expand(files.features(), "features", sources);
    List<Path> imageFiles = expand(files.images(), "images", sources);
    List<Path> textFiles = expand(files.text(), "text", sources);
    List<Path> heldoutFiles = expand(files.heldout(), "heldout", sources);
    List<String> classNames = List.of();
    if (files.classes().isPresent()) {
      Path classes = Path.of(files.classes().get());
      sources.put("classes", List.of(classes.toString()));
      classNames = Files.readAllLines(classes, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    Map<String, List<String>> captions = captions(pairFiles, TRAIN_SPLITS, "pairs");
    Map<String, List<String>> heldout = captions(heldoutFiles, HELDOUT_SPLITS, "heldout");
    for (String id : heldout.keySet()) {
      if (captions.containsKey(id)) {
        throw new IOException("image " + id + " has captions both in the pairs and in the held-out files; keep held-out images out of training");
      }
    }
    if (!captions.isEmpty() || !heldout.isEmpty()) {
      log.accept(String.format("captions: %,d images to train on, %,d held out", captions.size(), heldout.size()));
    }

    CmclSamplesSpec samples = options.samples();
    boolean relatedImages = samples != null && samples.relatedImages() > 0 && !captions.isEmpty();
    Map<String, Integer> pairIndex = new HashMap<>();
    List<LabeledImage> labeled = new ArrayList<>();
    int[] featureSize = {0};
    int[] classes = {-1};
    if (relatedImages) {
      if (classNames.isEmpty()) {
        throw new IllegalArgumentException(
            "objectives.cmcl.samples.related_images: related images need the detector's class names (--classes FILE) and the features' cls_prob column");
      }
      List<String> names = classNames;
      forEachFeatureRow(
          featureFiles,
          "features",
          image -> {
            if (captions.containsKey(image.imageId()) && !pairIndex.containsKey(image.imageId())) {
              if (image.classProbs() == null) {
                throw new IllegalArgumentException(
                    "image " + image.imageId() + ": related images need class probabilities (the features' cls_prob column)");
              }
              pairIndex.put(image.imageId(), pairIndex.size());
              labeled.add(new LabeledImage(image.imageId(), SampleSets.detectedClasses(image.classProbs(), names)));
            }
          });
      bad.remove("features"); // Read again below: count its bad rows once.
      log.accept(String.format("labels of %,d images read for related images", labeled.size()));
    }

    List<String> corpus = new ArrayList<>();
    if (samples != null && samples.relatedTexts() > 0) {
      for (Path file : textFiles) {
        TextCorpora.read(file, bad("text"), corpus::add);
      }
      bad.remove("text");
    }

    Map<String, List<PreparedRecords.CaptionSamples>> sets = new HashMap<>();
    Map<String, Long> produced = new TreeMap<>();
    if (samples != null && !samples.none() && !captions.isEmpty()) {
      List<Caption> list = new ArrayList<>();
      captions.forEach((id, texts) -> texts.forEach(t -> list.add(new Caption(id, t))));
      CaptionRewriter rewriter = SampleSets.rewriter(samples, options.seed()).backTranslator(options.backTranslator()).build();
      long start = System.nanoTime();
      rewriter.rewrite(
          list,
          labeled,
          corpus,
          rewritten -> {
            Map<SampleKind, List<String>> texts = new EnumMap<>(SampleKind.class);
            List<Integer> images = new ArrayList<>();
            for (Sample sample : rewritten.samples()) {
              produced.merge(sample.kind().label(), 1L, Long::sum);
              if (sample.kind().isImage()) {
                images.add(pairIndex.get(sample.value()));
              } else {
                texts.computeIfAbsent(sample.kind(), k -> new ArrayList<>()).add(sample.value());
              }
            }
            sets.computeIfAbsent(rewritten.caption().imageId(), k -> new ArrayList<>())
                .add(new PreparedRecords.CaptionSamples(texts, images.stream().mapToInt(Integer::intValue).toArray()));
          });
      log.accept(String.format("sample sets of %,d captions made in %.1f s: %s", list.size(), (System.nanoTime() - start) / 1e9, produced));
    }
    corpus = List.of();

    Map<String, PreparedManifest.Stream> streams = new TreeMap<>();
    List<String> pairOrder = new ArrayList<>();
    try (ShardWriter pairs = new ShardWriter(dir, PreparedManifest.PAIRS, options.shardBytes());
        ShardWriter held = new ShardWriter(dir, PreparedManifest.HELDOUT, options.shardBytes())) {
      Set<String> seenHeldout = new HashSet<>();
      Set<String> seenPairs = new HashSet<>();
      if (!captions.isEmpty() || !heldout.isEmpty()) {
        forEachFeatureRow(
            featureFiles,
            "features",
            image -> {
              checkShape(image, featureSize, classes, "features");
              String id = image.imageId();
              List<String> texts = captions.get(id);
              if (texts != null) {
                if (!seenPairs.add(id)) {
                  throw new IllegalArgumentException("image " + id + " has two rows of region features");
                }
                if (relatedImages && pairIndex.get(id) != pairOrder.size()) {
                  throw new IllegalStateException("image " + id + ": pair order changed between the two readings of the features");
                }
                pairOrder.add(id);
                List<PreparedRecords.CaptionSamples> captionSamples = sets.getOrDefault(id, List.of());
                pairs.write(PreparedRecords.pair(new PreparedRecords.Pair(image, texts, captionSamples)));
              } else if (heldout.containsKey(id) && seenHeldout.add(id)) {
                held.write(PreparedRecords.pair(new PreparedRecords.Pair(image, heldout.get(id), List.of())));
              }
            });
      }
      missingFeatures(captions, pairOrder, "pairs");
      missingFeatures(heldout, new ArrayList<>(seenHeldout), "heldout");
      streams.put(PreparedManifest.PAIRS, new PreparedManifest.Stream(pairs.records(), pairs.finish()));
      streams.put(PreparedManifest.HELDOUT, new PreparedManifest.Stream(held.records(), held.finish()));
    }
    if (!captions.isEmpty()) {
      log.accept(String.format("pairs: %,d images with %,d captions", pairOrder.size(), captions.values().stream().mapToLong(List::size).sum()));
    }

    try (ShardWriter images = new ShardWriter(dir, PreparedManifest.IMAGES, options.shardBytes())) {
      forEachFeatureRow(
          imageFiles,
          "images",
          image -> {
            checkShape(image, featureSize, classes, "images");
            images.write(PreparedRecords.image(image));
          });
      streams.put(PreparedManifest.IMAGES, new PreparedManifest.Stream(images.records(), images.finish()));
      if (images.records() > 0) {
        log.accept(String.format("images without text: %,d", images.records()));
      }
    }

    try (ShardWriter text = new ShardWriter(dir, PreparedManifest.TEXT, options.shardBytes())) {
      if (files.captionsAsText()) {
        for (String id : pairOrder) {
          for (String caption : captions.get(id)) {
            text.write(PreparedRecords.text(caption));
          }
        }
      }
      for (Path file : textFiles) {
        TextCorpora.read(file, bad("text"), t -> write(text, PreparedRecords.text(t)));
      }
      streams.put(PreparedManifest.TEXT, new PreparedManifest.Stream(text.records(), text.finish()));
      log.accept(String.format("texts: %,d", text.records()));
    }

    Map<String, Integer> counts = new TreeMap<>();
    if (samples != null) {
      counts.put(SampleKind.BACKTRANSLATION.label(), samples.backtranslations());
      counts.put(SampleKind.PARAPHRASE.label(), samples.paraphrases());
      counts.put(SampleKind.TEXT.label(), samples.relatedTexts());
      counts.put(SampleKind.IMAGE.label(), samples.relatedImages());
      counts.put(SampleKind.TFIDF.label(), samples.tfidfNegatives());
      counts.put(SampleKind.OBJECT.label(), samples.objectNegatives());
      counts.put(SampleKind.ATTRIBUTE.label(), samples.attributeNegatives());
      counts.put(SampleKind.RELATION.label(), samples.relationNegatives());
    }
    Map<String, Long> skipped = new TreeMap<>();
    bad.forEach((role, rows) -> skipped.put(role, rows.count()));
    if (classes[0] > 0 && !classNames.isEmpty() && classNames.size() != classes[0]) {
      throw new IllegalArgumentException(
          files.classes().get() + ": " + classNames.size() + " class names, but the features' cls_prob has " + classes[0] + " classes");
    }
    return new PreparedManifest(
        PreparedManifest.FORMAT,
        featureSize[0],
        Math.max(0, classes[0]),
        classNames,
        files.captionsAsText(),
        new PreparedManifest.Samples(options.seed(), counts, produced),
        streams,
        sources,
        skipped);
  }

  /** Every region file must agree on the feature width and on the class distributions. */
  private static void checkShape(PreparedRecords.Image image, int[] featureSize, int[] classes, String role) {
    int width = image.regions() == 0 ? -1 : image.features()[0].length;
    if (width >= 0) {
      if (featureSize[0] == 0) {
        featureSize[0] = width;
      } else if (featureSize[0] != width) {
        throw new IllegalArgumentException(
            role + ": image " + image.imageId() + " has " + width + "-d region features, earlier images " + featureSize[0] + "-d");
      }
    }
    int c = image.classProbs() == null ? 0 : image.regions() == 0 ? -1 : image.classProbs()[0].length;
    if (c >= 0) {
      if (classes[0] < 0) {
        classes[0] = c;
      } else if (classes[0] != c) {
        throw new IllegalArgumentException(
            role + ": image " + image.imageId() + " has " + c + " class probabilities per region, earlier images " + classes[0]
                + " (a source has cls_prob for every image or for none)");
      }
    }
  }

  /** Captions whose image had no features: an error naming them (or skipped, with a count). */
  private void missingFeatures(Map<String, List<String>> captions, List<String> found, String role) throws IOException {
    if (found.size() == captions.size()) {
      return;
    }
    Set<String> have = new HashSet<>(found);
    List<String> missing = captions.keySet().stream().filter(id -> !have.contains(id)).toList();
    String message =
        missing.size() + " image(s) of the " + role + " captions have no region features in the features files, e.g. "
            + String.join(", ", missing.subList(0, Math.min(5, missing.size())));
    if (!options.skipBadRows()) {
      throw new IOException(message);
    }
    log.accept("skipped: " + message);
    bad.computeIfAbsent(role + " without features", r -> BadRows.skip());
    for (String id : missing) {
      bad.get(role + " without features").reject(DataFileException.inFile(Path.of(role), "image " + id + " has no region features"));
    }
  }

  private Map<String, List<String>> captions(List<Path> files, Set<String> splits, String role) throws IOException {
    Map<String, List<String>> captions = new LinkedHashMap<>();
    for (Path file : files) {
      for (ImageCaptions image : CaptionSources.read(file, bad(role))) {
        if (image.split() != null && !splits.contains(image.split())) {
          continue;
        }
        captions.computeIfAbsent(image.imageId(), k -> new ArrayList<>()).addAll(image.captions());
      }
    }
    return captions;
  }

  private static List<Path> expand(List<String> patterns, String role, Map<String, List<String>> sources) throws IOException {
    List<Path> paths = Globs.expandAll(patterns);
    if (!paths.isEmpty()) {
      sources.put(role, paths.stream().map(Path::toString).toList());
    }
    return paths;
  }

  /** A consumer that may fail with an IOException. */
  private interface ImageSink {
    void accept(PreparedRecords.Image image) throws IOException;
  }

  /**
   * Reads every region-feature row of {@code files}: bottom-up-attention TSV (optionally gzipped),
   * or TFRecords of the image Examples this class writes ({@code .tfrecord}).
   */
  private void forEachFeatureRow(List<Path> files, String role, ImageSink sink) throws IOException {
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".tfrecord") || name.endsWith(".tfrecords")) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          long record = 0;
          for (byte[] data; (data = TfRecords.read(in, file + " record " + record)) != null; record++) {
            sink.accept(PreparedRecords.readImage(data, file + " record " + record));
          }
        }
        continue;
      }
      try (RegionFeatureTsv.Reader rows = RegionFeatureTsv.open(file, 0, bad(role))) {
        while (rows.hasNext()) {
          RegionFeatureTsv.Row row = rows.next();
          sink.accept(
              new PreparedRecords.Image(
                  row.imageId(), row.width(), row.height(), row.features(), row.normalizedBoxes(), row.classProbs()));
        }
      }
    }
  }

  private static void write(ShardWriter writer, byte[] record) {
    try {
      writer.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
