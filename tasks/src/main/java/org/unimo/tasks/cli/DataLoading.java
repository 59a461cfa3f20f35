package org.unimo.tasks.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.data.RegionFeatures;
import org.unimo.tasks.data.ShapesWorldCache;
import org.unimo.tasks.data.ShapesWorldConfig;
import org.unimo.tasks.data.ShapesWorldData;
import org.unimo.tasks.training.StepBatches;

/** Loads (or generates and caches) the data a spec declares, saying which and how long it took. */
final class DataLoading {
  private DataLoading() {}

  /** The data and the file it was read from (for the run's manifest). */
  record Loaded(ShapesWorldData world, Path file) {}

  static Loaded load(ModelSpec spec, @Nullable String cacheOption, PrintStream log)
      throws IOException {
    // Check what can be checked before spending seconds on generating the data.
    StepBatches.checkFits(spec, RegionFeatures.SIZE, "the shapes world's");
    return load(ShapesWorldConfig.of(spec), cacheOption, log);
  }

  /** The world of {@code config}, for commands that use the data without a model. */
  static Loaded load(ShapesWorldConfig config, @Nullable String cacheOption, PrintStream log) throws IOException {
    Path dir = cacheOption == null ? ShapesWorldCache.defaultDir() : Path.of(cacheOption);
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
}
