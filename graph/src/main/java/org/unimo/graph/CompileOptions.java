package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.tensorflow.DeviceSpec;
import org.unimo.graph.distributed.DataParallel;
import org.unimo.graph.objective.ObjectiveRegistry;

/**
 * How to compile a spec: which graph to build and where to place it.
 *
 * <p>Device placement of a model replica is an option here, not a rewrite of the graph code:
 * {@code CompileOptions.training().onDevice(DeviceSpec.newBuilder().job("worker").task(1).build())}
 * builds the same graph pinned to another task, and {@code
 * CompileOptions.training().replicated(new DataParallel(2, 1, timeout, true))} task 1's replica of
 * a two-task data-parallel run.
 *
 * @param mode training (losses, optimizer and the inference outputs) or inference only
 * @param device device for every op, or null to let TensorFlow place them
 * @param objectives the objectives and heads the compiler knows ({@link ObjectiveRegistry#builtIn()}
 *     unless others are registered)
 * @param dataParallel this task's part in a data-parallel run, or null for one process
 */
public record CompileOptions(
    Mode mode, @Nullable DeviceSpec device, ObjectiveRegistry objectives, @Nullable DataParallel dataParallel) {
  /** What the compiled graph contains. */
  public enum Mode {
    /** Objectives, gradients and Adam, plus the inference outputs sharing the same variables. */
    TRAINING,
    /** Only the dropout-free inference outputs: what a SavedModel exports. */
    INFERENCE
  }

  public CompileOptions {
    requireNonNull(mode, "mode");
    requireNonNull(objectives, "objectives");
  }

  public static CompileOptions training() {
    return new CompileOptions(Mode.TRAINING, null, ObjectiveRegistry.builtIn(), null);
  }

  public static CompileOptions inference() {
    return new CompileOptions(Mode.INFERENCE, null, ObjectiveRegistry.builtIn(), null);
  }

  /** The same options with every op placed on {@code device}. */
  public CompileOptions onDevice(DeviceSpec device) {
    return new CompileOptions(mode, requireNonNull(device, "device"), objectives, dataParallel);
  }

  /** The same options compiling with {@code registry}'s objectives and heads. */
  public CompileOptions withObjectives(ObjectiveRegistry registry) {
    return new CompileOptions(mode, device, registry, dataParallel);
  }

  /**
   * The same options compiling task {@code replica.rank()}'s replica of a data-parallel run (a
   * single task, {@code tasks == 1}, compiles the one-process graph).
   */
  public CompileOptions replicated(DataParallel replica) {
    requireNonNull(replica, "replica");
    return new CompileOptions(mode, device, objectives, replica.tasks() == 1 ? null : replica);
  }

  /** How many tasks share each step: 1 unless {@link #replicated}. */
  public int tasks() {
    return dataParallel == null ? 1 : dataParallel.tasks();
  }
}
