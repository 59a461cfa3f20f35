package org.unimo.tasks.cli;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.CmclSamplesSpec;
import org.unimo.dsl.CmclSpec;
import org.unimo.dsl.DataFilesSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.data.RegionFeatures;
import org.unimo.tasks.data.ShapesWorldCache;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.prepared.PreparedManifest;
import org.unimo.tasks.prepared.PreparedSource;
import org.unimo.tasks.prepared.Preparer;
import org.unimo.tasks.training.StepBatches;

/** Loads (or generates and caches) the data a spec declares, saying which and how long it took. */
final class DataLoading {
  private DataLoading() {}

  /** The shapes world and the file it was read from (for the run's manifest). */
  record Loaded(ShapesWorldData world, Path file) {}

  /**
   * A run's data: the source, the file whose SHA-256 fingerprints it (the shapes world's cache
   * file, or a prepared directory's manifest, which holds every shard's SHA-256), and what to
   * close (a prepared directory's shards, a task's region-feature files).
   */
  record Source(DataSource source, Path file, @Nullable PreparedSource prepared) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (prepared != null) {
        prepared.close();
      }
      if (source instanceof TaskSource task) {
        task.close();
      }
    }
  }

  static Loaded load(ModelSpec spec, @Nullable String cacheOption, PrintStream log)
      throws IOException {
    // Check what can be checked before spending seconds on generating the data.
    StepBatches.checkFits(spec, RegionFeatures.SIZE, "the shapes world's");
    return load(ShapesWorldConfig.of(spec), cacheOption, log);
  }

  /** The world of {@code config}, for commands that use the data without a model. */
  static Loaded load(ShapesWorldConfig config, @Nullable String cacheOption, PrintStream log) throws IOException {
    Path dir = cacheDir(cacheOption);
    boolean cached = Files.isRegularFile(ShapesWorldCache.file(dir, config));
    long start = System.nanoTime();
    ShapesWorldData world = ShapesWorldCache.load(dir, config);
    log.printf(
        "shapes world (%s %s in %.1f s): %d training pairs, %d held-out scenes, %d image-only, %d text sentences%n",
        cached ? "read from" : "generated into",
        ShapesWorldCache.file(dir, config),
        (System.nanoTime() - start) / 1e9,
        world.train().size(),
        world.heldout().size(),
        world.imageOnly().size(),
        world.textCorpus().size());
    return new Loaded(world, ShapesWorldCache.file(dir, config));
  }

  /**
   * The data a run trains on: {@code prepared} when given (whatever the spec's data section
   * says), else the spec's task, its prepared directory, its files (prepared into the cache on
   * first use) or its shapes world.
   */
  static Source source(ModelSpec spec, @Nullable String cacheOption, @Nullable Path prepared, PrintStream log)
      throws IOException {
    Path dir = prepared;
    if (dir == null && spec.data().task().isPresent()) {
      TaskSource task = TaskSource.read(spec.data().task().get(), spec.seed());
      log.println(task.describe());
      return new Source(task, task.fingerprintFile(), null);
    }
    if (dir == null && spec.data().prepared().isPresent()) {
      dir = Path.of(spec.data().prepared().get());
    }
    if (dir == null && spec.data().files().isPresent()) {
      dir = preparedFiles(spec, spec.data().files().get(), cacheDir(cacheOption), log);
    }
    if (dir == null) {
      Loaded loaded = load(spec, cacheOption, log);
      return new Source(new ShapesWorldSource(loaded.world()), loaded.file(), null);
    }
    PreparedSource source = PreparedSource.open(dir);
    try {
      StepBatches.checkFits(spec, source);
    } catch (IllegalArgumentException e) {
      source.close();
      throw e;
    }
    log.println(source.describe());
    return new Source(source, dir.resolve(PreparedManifest.FILE), source);
  }

  /**
   * The cache directory of {@code files} prepared for {@code spec}'s sample sets and seed: made
   * on first use, found again by a key over everything that decides its content.
   */
  private static Path preparedFiles(ModelSpec spec, DataFilesSpec files, Path cache, PrintStream log) throws IOException {
    CmclSamplesSpec samples = spec.objectives().cmcl().map(CmclSpec::samples).orElse(null);
    if (samples != null && samples.backtranslations() > 0) {
      throw new IllegalArgumentException(
          "objectives.cmcl.samples.backtranslations: data.files are prepared without a translator; prepare them with"
              + " `unimo prepare --config FILE --backtranslate eng-spa --out DIR` and train with --data DIR");
    }
    String key = files + ";samples=" + samples + ";seed=" + spec.seed() + ";format=" + PreparedManifest.FORMAT;
    String name = Hashing.sha256().hashString(key, StandardCharsets.UTF_8).toString().substring(0, 16);
    Path dir = cache.resolve("prepared").resolve(name);
    if (Files.isRegularFile(dir.resolve(PreparedManifest.FILE))) {
      log.println("data.files: prepared before, in " + dir);
      return dir;
    }
    log.println("data.files: preparing into " + dir + " (once; `unimo prepare` does the same ahead of time)");
    long start = System.nanoTime();
    Preparer.prepare(
        new Preparer.Options(files, samples, spec.seed(), null, false, Preparer.Options.DEFAULT_SHARD_BYTES), dir, log::println);
    log.printf(Locale.ROOT, "data.files: prepared in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return dir;
  }

  private static Path cacheDir(@Nullable String cacheOption) {
    return cacheOption == null ? ShapesWorldCache.defaultDir() : Path.of(cacheOption);
  }
}
