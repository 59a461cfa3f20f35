package org.unimo.graph;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.unimo.dsl.CompileSpec;

/** Session configuration from the spec's compile section. */
public final class SessionConfigs {
  /** The environment flag without which TensorFlow does not JIT-compile on CPU. */
  public static final String XLA_CPU_FLAG = "--tf_xla_cpu_global_jit";

  private SessionConfigs() {}

  /**
   * Whether a session compiles the step with XLA, and why: what a run prints and its manifest
   * records.
   *
   * @param enabled whether the session config asks for global JIT (level ON_1)
   * @param reason one line a user reads, e.g. {@code AUTO: no GPU; on CPU XLA ...}
   */
  public record XlaChoice(boolean enabled, String reason) {
    @Override
    public String toString() {
      return (enabled ? "on" : "off") + " (" + reason + ")";
    }
  }

  /** Resolves {@code compile.xla_mode} against the devices of this process. */
  public static XlaChoice xla(CompileSpec compile) {
    return switch (compile.xlaMode()) {
      case ON ->
          new XlaChoice(
              true,
              xlaCpuEnabledInEnvironment() || Devices.hasGpu()
                  ? "compile.xla_mode ON"
                  : "compile.xla_mode ON, but TF_XLA_FLAGS lacks " + XLA_CPU_FLAG
                      + ", so TensorFlow will not compile on CPU (the ./unimo launcher sets it)");
      case OFF -> new XlaChoice(false, "compile.xla_mode OFF");
      case AUTO ->
          Devices.hasGpu()
              ? new XlaChoice(true, "compile.xla_mode AUTO: a GPU is present")
              : new XlaChoice(
                  false,
                  "compile.xla_mode AUTO: no GPU; on CPU XLA gained nothing measurable, costs 20-50 s of"
                      + " compilation and slows fp16 down; set ON to force it");
    };
  }

  /** Threads as declared; XLA global JIT level ON_1 when {@link #xla} says so. */
  public static ConfigProto of(CompileSpec compile) {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(compile.intraOpThreads())
            .setInterOpParallelismThreads(compile.interOpThreads())
            .setAllowSoftPlacement(true);
    if (xla(compile).enabled()) {
      config.setGraphOptions(
          GraphOptions.newBuilder()
              .setOptimizerOptions(
                  OptimizerOptions.newBuilder()
                      .setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1)));
    }
    return config.build();
  }

  /**
   * Whether this process can JIT-compile on CPU: TensorFlow reads {@code TF_XLA_FLAGS} once, from
   * the environment of the process, so the launcher sets it before the JVM starts.
   */
  public static boolean xlaCpuEnabledInEnvironment() {
    String flags = System.getenv("TF_XLA_FLAGS");
    return flags != null && flags.contains(XLA_CPU_FLAG);
  }
}
