package org.unimo.graph;

import com.google.common.collect.ImmutableMap;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The model's trainable variables, created once by name and shared by every use.
 *
 * <p>Initial values come from stateless random ops keyed on (spec seed, hash of the variable name),
 * so a variable's initial value depends on neither creation order nor thread timing. Variables are
 * TF1 ref variables ({@code VariableV2}): SavedModel's exporter saves those and not resource
 * variables.
 */
public final class Params {
  /** How a variable starts. */
  public enum Init {
    TRUNCATED_NORMAL,
    ZEROS,
    ONES
  }

  private final Ops root;
  /** One scope for every initializer: creating a sub-scope scans the whole graph. */
  private final Ops init;
  /** Where variables are created, also made once (see above). */
  private final Scope variableScope;
  private final long seed;
  private final float stddev;
  private final Map<String, Output<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, Output<TFloat32>> slots = new LinkedHashMap<>();

  Params(Ops root, long seed, float stddev) {
    this.root = root;
    this.init = root.withInitScope().withSubScope("initializers");
    this.variableScope = root.withInitScope().scope();
    this.seed = seed;
    this.stddev = stddev;
  }

  /** Returns the variable {@code path} (e.g. {@code encoder/layer_0/ffn/kernel}), creating it once. */
  public Output<TFloat32> get(String path, Shape shape, Init kind) {
    Output<TFloat32> existing = variables.get(path);
    if (existing != null) {
      if (!existing.shape().equals(shape)) {
        throw new IllegalStateException(
            "variable " + path + " exists with shape " + existing.shape() + ", asked for " + shape);
      }
      return existing;
    }
    Operand<TFloat32> value =
        switch (kind) {
          case TRUNCATED_NORMAL ->
              init.math.mul(
                  init.random.statelessTruncatedNormal(
                      init.constant(shape.asArray()),
                      init.constant(new long[] {seed, nameHash(path)})),
                  init.constant(stddev));
          case ZEROS -> init.fill(init.constant(shape.asArray()), init.constant(0f));
          case ONES -> init.fill(init.constant(shape.asArray()), init.constant(1f));
        };
    Output<TFloat32> variable = refVariable(path, shape, DataType.DT_FLOAT, value);
    variables.put(path, variable);
    return variable;
  }

  /** Trainable variables by path, in creation order (the order of the optimizer's updates). */
  public ImmutableMap<String, Output<TFloat32>> all() {
    return ImmutableMap.copyOf(variables);
  }

  /** Total number of scalars in all trainable variables. */
  public long count() {
    long total = 0;
    for (Output<TFloat32> v : variables.values()) {
      total += v.shape().size();
    }
    return total;
  }

  /** A non-trainable float variable starting at zero, e.g. an optimizer slot; created once. */
  public Output<TFloat32> slot(String path, Shape shape) {
    Output<TFloat32> existing = slots.get(path);
    if (existing != null) {
      return existing;
    }
    Output<TFloat32> created = refVariable(
        path, shape, DataType.DT_FLOAT, init.fill(init.constant(shape.asArray()), init.constant(0f)));
    slots.put(path, created);
    return created;
  }

  /** A non-trainable float scalar starting at {@code initial}, e.g. the loss scale. */
  public Output<TFloat32> scalar(String path, float initial) {
    return refVariable(path, Shape.scalar(), DataType.DT_FLOAT, init.constant(initial));
  }

  /** A non-trainable int64 scalar starting at zero, e.g. the global step. */
  Output<TInt64> counter(String name) {
    return refVariable(name, Shape.scalar(), DataType.DT_INT64, init.constant(0L));
  }

  /**
   * A {@code VariableV2} named exactly {@code path} (name scopes would make a second use of a
   * scope unique), assigned {@code value} by an initializer that sessions run on creation.
   */
  @SuppressWarnings("unchecked")
  private <T extends TType> Output<T> refVariable(
      String path, Shape shape, DataType dtype, Operand<T> value) {
    Scope initScope = variableScope;
    Graph graph = (Graph) initScope.env();
    GraphOperation op =
        graph
            .opBuilder(Variable.OP_NAME, path, initScope)
            .setAttr("shape", shape)
            .setAttr("dtype", dtype)
            .build();
    graph
        .opBuilder(Assign.OP_NAME, path + "/Assign", initScope)
        .addInput(op.output(0))
        .addInput(value.asOutput())
        .build();
    return (Output<T>) op.output(0);
  }

  /** A stable 63-bit hash of a name (FNV-1a), the same on every JVM. */
  static long nameHash(String name) {
    return fnv1a(name) & Long.MAX_VALUE;
  }

  /** FNV-1a over the UTF-8 bytes of {@code name}: a stable 64-bit hash, the same on every JVM. */
  public static long fnv1a(String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
