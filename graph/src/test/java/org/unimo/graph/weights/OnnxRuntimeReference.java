package org.unimo.graph.weights;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT-style ONNX encoder run by ONNX Runtime: the reference that imported weights are checked
 * against. Test code only.
 *
 * <p>The model's inputs are found by name in the session's metadata: one whose name contains
 * {@code input_ids} gets the token ids, {@code attention_mask} the mask, {@code token_type_ids}
 * zeros (all int64). The output is {@code last_hidden_state} if the model has one, else its only
 * rank-3 float output. all-MiniLM-L6-v2 has exactly {@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} and {@code last_hidden_state}.
 *
 * <pre>{@code
 * try (OnnxRuntimeReference miniLm = OnnxRuntimeReference.fromResource("/all-minilm-l6-v2.onnx")) {
 *   float[][][] hidden = miniLm.lastHiddenState(ids, mask);
 *   float[][] sentences = OnnxRuntimeReference.meanPooled(hidden, mask);
 * }
 * }</pre>
 */
final class OnnxRuntimeReference implements AutoCloseable {
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String idsInput;
  private final String maskInput;
  private final String typesInput; // null if the model has no token type input
  private final String hiddenOutput;

  private OnnxRuntimeReference(OrtSession session, String source) throws OrtException {
    this.environment = OrtEnvironment.getEnvironment();
    this.session = session;
    String ids = null;
    String mask = null;
    String types = null;
    for (String name : session.getInputNames()) {
      if (name.contains("input_ids")) {
        ids = name;
      } else if (name.contains("attention_mask")) {
        mask = name;
      } else if (name.contains("token_type_ids")) {
        types = name;
      } else {
        session.close();
        throw new IllegalArgumentException(source + ": unexpected model input " + name + " (inputs " + session.getInputNames() + ")");
      }
    }
    if (ids == null || mask == null) {
      session.close();
      throw new IllegalArgumentException(source + ": no input_ids/attention_mask among inputs " + session.getInputNames());
    }
    this.idsInput = ids;
    this.maskInput = mask;
    this.typesInput = types;
    this.hiddenOutput = hiddenOutput(session, source);
  }

  private static String hiddenOutput(OrtSession session, String source) throws OrtException {
    if (session.getOutputNames().contains("last_hidden_state")) {
      return "last_hidden_state";
    }
    String found = null;
    for (Map.Entry<String, NodeInfo> output : session.getOutputInfo().entrySet()) {
      if (output.getValue().getInfo() instanceof TensorInfo info && info.getShape().length == 3) {
        if (found != null) {
          session.close();
          throw new IllegalArgumentException(source + ": several rank-3 outputs " + session.getOutputNames());
        }
        found = output.getKey();
      }
    }
    if (found == null) {
      session.close();
      throw new IllegalArgumentException(source + ": no rank-3 output among " + session.getOutputNames());
    }
    return found;
  }

  /** Opens an ONNX model file. */
  static OnnxRuntimeReference open(Path onnx) throws IOException, OrtException {
    if (!Files.isRegularFile(onnx)) {
      throw new NoSuchFileException(onnx.toString(), null, "no ONNX model here");
    }
    return new OnnxRuntimeReference(OrtEnvironment.getEnvironment().createSession(onnx.toString()), onnx.toString());
  }

  /** Opens an ONNX model on the class path (read into memory; ONNX Runtime takes the bytes). */
  static OnnxRuntimeReference fromResource(String resource) throws IOException, OrtException {
    byte[] bytes;
    try (InputStream in = OnnxRuntimeReference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new NoSuchFileException(resource, null, "not on the class path");
      }
      bytes = in.readAllBytes();
    }
    return new OnnxRuntimeReference(OrtEnvironment.getEnvironment().createSession(bytes), resource);
  }

  /** The model's input names, as its metadata gives them. */
  java.util.Set<String> inputNames() {
    return session.getInputNames();
  }

  /** The name of the output {@link #lastHiddenState} returns. */
  String hiddenOutputName() {
    return hiddenOutput;
  }

  /**
   * The encoder's last hidden state, {@code [batch][tokens][hidden]}, for {@code ids} (with their
   * {@code [CLS]}/{@code [SEP]}) and {@code mask} (1 for real tokens, 0 for padding), both
   * {@code [batch][tokens]}; token types are all 0.
   */
  float[][][] lastHiddenState(long[][] ids, long[][] mask) throws OrtException {
    if (ids.length == 0 || ids.length != mask.length) {
      throw new IllegalArgumentException(ids.length + " rows of ids, " + mask.length + " of mask");
    }
    for (int row = 0; row < ids.length; row++) {
      if (ids[row].length != ids[0].length || mask[row].length != ids[0].length) {
        throw new IllegalArgumentException("row " + row + ": ids and mask must all have " + ids[0].length + " columns");
      }
    }
    Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
    try {
      inputs.put(idsInput, OnnxTensor.createTensor(environment, ids));
      inputs.put(maskInput, OnnxTensor.createTensor(environment, mask));
      if (typesInput != null) {
        inputs.put(typesInput, OnnxTensor.createTensor(environment, new long[ids.length][ids[0].length]));
      }
      try (OrtSession.Result result = session.run(inputs, java.util.Set.of(hiddenOutput))) {
        OnnxValue hidden = result.get(hiddenOutput).orElseThrow();
        return (float[][][]) hidden.getValue();
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }

  /**
   * sentence-transformers' mean pooling: per row, the sum of the hidden states of the tokens whose
   * mask is 1 divided by their count (not normalized).
   */
  static float[][] meanPooled(float[][][] hidden, long[][] mask) {
    float[][] pooled = new float[hidden.length][];
    for (int row = 0; row < hidden.length; row++) {
      int width = hidden[row][0].length;
      double[] sum = new double[width];
      long count = 0;
      for (int t = 0; t < hidden[row].length; t++) {
        if (mask[row][t] != 0) {
          count++;
          for (int i = 0; i < width; i++) {
            sum[i] += hidden[row][t][i];
          }
        }
      }
      pooled[row] = new float[width];
      for (int i = 0; i < width; i++) {
        // sentence-transformers clamps the count at 1e-9: a row with no token gives zeros.
        pooled[row][i] = (float) (sum[i] / Math.max(count, 1e-9));
      }
    }
    return pooled;
  }

  /** The cosine of two vectors. */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(aa * bb);
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
