package org.tensorflow;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * Opens a {@link Session} on a graph against a TensorFlow server ({@code grpc://host:port}), which
 * TF Java 1.1.0's public constructors cannot do: they take a config but no target.
 *
 * <p>Why a class in {@code org.tensorflow}: the C calls that set a target ({@code TF_SetTarget},
 * {@code TF_SetConfig}, {@code TF_Session.newSession}) are public, but the graph's native handle
 * ({@code Graph.ref()}) and the constructor that wraps a native session ({@code Session(Graph,
 * TF_Session)}) are package-private. A class in the same package reaches both with compile-time
 * checks; reflection would reach them too, but with string names the compiler cannot check, {@code
 * setAccessible}, and the same class-path-only restriction. This works on the class path only:
 * TensorFlow's jars are named modules, and on the module path a second {@code org.tensorflow}
 * package is a split package the module system refuses.
 *
 * <p>The session comes back with auto-initialization off (that constructor's choice): call {@link
 * Session#initialize()} before the first run. {@code org.unimo.graph.distributed.TaskServer} does.
 */
public final class TargetedSessions {
  private TargetedSessions() {}

  /**
   * A session on {@code graph} whose master is {@code target}, e.g. {@code grpc://127.0.0.1:2222}.
   *
   * @throws IllegalStateException if the graph is closed
   * @throws org.tensorflow.exceptions.TensorFlowException if TensorFlow refuses the config or target
   */
  public static Session open(Graph graph, String target, ConfigProto config) {
    try (Graph.Reference ref = graph.ref();
        PointerScope scope = new PointerScope()) {
      TF_Graph handle = ref.nativeHandle();
      if (handle == null || handle.isNull()) {
        throw new IllegalStateException("the graph is closed");
      }
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(options, target);
      BytePointer bytes = new BytePointer(config.toByteArray());
      TF_SetConfig(options, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Session session = TF_Session.newSession(handle, options, status);
      status.throwExceptionIfNotOK();
      // Out of the pointer scope, so closing it does not free the session; Session.close releases it.
      return new Session(graph, session.retainReference());
    }
  }
}
