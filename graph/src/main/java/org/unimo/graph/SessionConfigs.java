package org.unimo.graph;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.unimo.dsl.proto.Compile;

/** Session configuration from the spec's compile section. */
public final class SessionConfigs {
  /** The environment flag without which TensorFlow does not JIT-compile on CPU. */
  public static final String XLA_CPU_FLAG = "--tf_xla_cpu_global_jit";

  private SessionConfigs() {}

  /** Threads as declared; XLA global JIT level ON_1 when {@code compile.xla} is on. */
  public static ConfigProto of(Compile compile) {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(compile.getIntraOpThreads())
            .setInterOpParallelismThreads(compile.getInterOpThreads())
            .setAllowSoftPlacement(true);
    if (compile.getXla()) {
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
