package org.unimo.graph;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import java.util.function.Supplier;
import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;

/**
 * The device types TensorFlow sees in this process ({@code CPU}, {@code GPU}, ...), listed once.
 *
 * <p>TF Java has no public device listing; the C API's {@code TF_SessionListDevices} on a session
 * over an empty graph is the documented way, and its functions are public in TF Java's
 * {@code c_api} package.
 */
public final class Devices {
  private static final Supplier<ImmutableList<String>> TYPES = Suppliers.memoize(Devices::list);

  private Devices() {}

  /** The type of every local device, e.g. {@code [CPU]} or {@code [CPU, GPU, GPU]}. */
  public static ImmutableList<String> types() {
    return TYPES.get();
  }

  /** Whether at least one GPU is visible to TensorFlow. */
  public static boolean hasGpu() {
    return types().contains("GPU");
  }

  private static ImmutableList<String> list() {
    TensorFlow.version(); // loads the native library
    TF_Status status = TF_Status.newStatus();
    TF_Graph graph = TF_NewGraph();
    TF_SessionOptions options = TF_NewSessionOptions();
    try {
      TF_Session session = TF_NewSession(graph, options, status);
      status.throwExceptionIfNotOK();
      try {
        TF_DeviceList devices = TF_SessionListDevices(session, status);
        status.throwExceptionIfNotOK();
        try {
          ImmutableList.Builder<String> types = ImmutableList.builder();
          for (int i = 0; i < TF_DeviceListCount(devices); i++) {
            types.add(TF_DeviceListType(devices, i, status).getString());
            status.throwExceptionIfNotOK();
          }
          return types.build();
        } finally {
          TF_DeleteDeviceList(devices);
        }
      } finally {
        TF_CloseSession(session, status);
        TF_DeleteSession(session, status);
      }
    } finally {
      TF_DeleteSessionOptions(options);
      TF_DeleteGraph(graph);
      status.close();
    }
  }
}
