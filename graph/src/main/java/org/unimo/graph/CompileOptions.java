package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;
import org.tensorflow.DeviceSpec;
import org.unimo.graph.objective.ObjectiveRegistry;

/**
 * How to compile a spec: which graph to build and where to place it.
 *
 * <p>Device placement of a model replica is an option here, not a rewrite of the graph code:
 * {@code CompileOptions.training().onDevice(DeviceSpec.newBuilder().job("worker").task(1).build())}
 * builds the same graph pinned to another task.
 *
 * @param mode training (losses, optimizer and the inference outputs) or inference only
 * @param device device for every op, or null to let TensorFlow place them
 * @param objectives the objectives and heads the compiler knows ({@link ObjectiveRegistry#builtIn()}
 *     unless others are registered)
 */
public record CompileOptions(Mode mode, @Nullable DeviceSpec device, ObjectiveRegistry objectives) {
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
    return new CompileOptions(Mode.TRAINING, null, ObjectiveRegistry.builtIn());
  }

  public static CompileOptions inference() {
    return new CompileOptions(Mode.INFERENCE, null, ObjectiveRegistry.builtIn());
  }

  /** The same options with every op placed on {@code device}. */
  public CompileOptions onDevice(DeviceSpec device) {
    return new CompileOptions(mode, requireNonNull(device, "device"), objectives);
  }

  /** The same options compiling with {@code registry}'s objectives and heads. */
  public CompileOptions withObjectives(ObjectiveRegistry registry) {
    return new CompileOptions(mode, device, registry);
  }
}
