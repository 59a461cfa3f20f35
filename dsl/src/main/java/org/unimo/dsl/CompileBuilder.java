package org.unimo.dsl;

import org.unimo.dsl.proto.Compile;

/** Configures how the spec compiles to a TensorFlow graph and session. */
public final class CompileBuilder {
  private final Compile.Builder proto;

  CompileBuilder(Compile.Builder proto) {
    this.proto = proto;
  }

  /** XLA JIT compilation of the step (on by default). */
  public CompileBuilder xla(boolean xla) {
    proto.setXla(xla);
    return this;
  }

  public CompileBuilder precision(Compile.Precision precision) {
    proto.setPrecision(precision);
    return this;
  }

  /** Intra-op threads; a fixed count makes CPU runs reproducible. 0 lets TensorFlow choose. */
  public CompileBuilder intraOpThreads(int threads) {
    proto.setIntraOpThreads(threads);
    return this;
  }

  public CompileBuilder interOpThreads(int threads) {
    proto.setInterOpThreads(threads);
    return this;
  }
}
