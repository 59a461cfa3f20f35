package org.unimo.dsl;

import java.util.Optional;

/**
 * Where the training data comes from: at most one of the embedded shapes world, a directory
 * written by {@code unimo prepare}, or files in the standard formats.
 *
 * @param shapesWorld the embedded synthetic data set, when the spec trains on it
 * @param prepared a prepared directory, as written in the spec
 * @param files files in the standard formats, prepared on first use
 * @param task a labelled downstream task, for fine-tuning
 */
public record DataSpec(
    Optional<ShapesWorldSpec> shapesWorld,
    Optional<String> prepared,
    Optional<DataFilesSpec> files,
    Optional<TaskDataSpec> task) {
  public DataSpec(Optional<ShapesWorldSpec> shapesWorld, Optional<String> prepared, Optional<DataFilesSpec> files) {
    this(shapesWorld, prepared, files, Optional.empty());
  }

  /** Whether the spec names any data at all. */
  public boolean declared() {
    return shapesWorld.isPresent() || prepared.isPresent() || files.isPresent() || task.isPresent();
  }
}
