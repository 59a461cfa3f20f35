package org.unimo.rewriting.paraphrase;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * A {@link Translator} backed by a TensorFlow SavedModel that follows the contract of this
 * package: tag {@value #TAG}, signature {@value #SIGNATURE}, input {@value #INPUT} (DT_STRING
 * [batch]) and output {@value #OUTPUT} (DT_STRING [batch]). See the {@linkplain
 * org.unimo.rewriting.paraphrase package documentation} for how to export such a model.
 *
 * <pre>{@code
 * try (SavedModelTranslator enFr = SavedModelTranslator.load(Path.of("models/en-fr"), 16)) {
 *   List<String> french = enFr.translate(captions); // runs the model on 16 captions at a time
 * }
 * }</pre>
 *
 * <p>The contract is checked when the model loads, so a model that does not fit fails at once
 * with its directory, the signature and the offending input or output named, rather than on the
 * first batch. Concurrent calls are allowed; {@link #close()} waits for running ones.
 */
public final class SavedModelTranslator implements Translator {
  /** The MetaGraph tag the model is loaded with. */
  public static final String TAG = SavedModelBundle.DEFAULT_TAG;

  /** The key of the signature that translates. */
  public static final String SIGNATURE = "translate";

  /** The signature's only input: the sentences, DT_STRING of shape [batch], UTF-8. */
  public static final String INPUT = "text";

  /** The signature's output: their translations, DT_STRING of shape [batch], UTF-8. */
  public static final String OUTPUT = "translation";

  /** Sentences per model call when {@link #load(Path)} chooses. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private static final String CONTRACT =
      "a translation SavedModel needs tag \"" + TAG + "\" and signature \"" + SIGNATURE
          + "\" mapping input \"" + INPUT + "\" (DT_STRING [batch]) to output \"" + OUTPUT
          + "\" (DT_STRING [batch]); see the javadoc of org.unimo.rewriting.paraphrase";

  private final Path directory;
  private final int batchSize;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  // Calls share the session; close waits for them, so no call ever runs on a freed session.
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private SavedModelTranslator(
      Path directory, int batchSize, SavedModelBundle bundle, SessionFunction function) {
    this.directory = directory;
    this.batchSize = batchSize;
    this.bundle = bundle;
    this.function = function;
  }

  /** Loads the model in {@code dir}, calling it on up to {@value #DEFAULT_BATCH_SIZE} sentences. */
  public static SavedModelTranslator load(Path dir) throws IOException {
    return load(dir, DEFAULT_BATCH_SIZE);
  }

  /**
   * Loads the model in {@code dir}, calling it on up to {@code batchSize} sentences at a time.
   *
   * @throws NoSuchFileException if {@code dir} holds no {@code saved_model.pb}
   * @throws IOException if TensorFlow cannot load it with tag {@value #TAG}, or it does not have
   *     the signature, input and output of the contract (the message names which)
   * @throws IllegalArgumentException if {@code batchSize} is not positive
   */
  public static SavedModelTranslator load(Path dir, int batchSize) throws IOException {
    requireNonNull(dir, "dir");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    Path directory = dir.toAbsolutePath().normalize();
    if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
      throw new NoSuchFileException(
          directory.toString(), null, "no translation SavedModel here (saved_model.pb missing)");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(directory.toString()).withTags(TAG).load();
    } catch (TensorFlowException e) {
      throw new IOException(
          directory + ": TensorFlow cannot load it with tag \"" + TAG + "\": " + e.getMessage(), e);
    }
    try {
      String problem = contractProblem(bundle.metaGraphDef().getSignatureDefMap());
      if (problem != null) {
        throw new IOException(directory + ": " + problem + "; " + CONTRACT);
      }
      return new SavedModelTranslator(directory, batchSize, bundle, bundle.function(SIGNATURE));
    } catch (IOException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /** What in {@code signatures} breaks the contract, or null if nothing does. */
  static @Nullable String contractProblem(Map<String, SignatureDef> signatures) {
    SignatureDef signature = signatures.get(SIGNATURE);
    if (signature == null) {
      List<String> keys = new ArrayList<>(signatures.keySet());
      keys.remove("__saved_model_init_op");
      Collections.sort(keys);
      return "no signature \"" + SIGNATURE + "\" (it has " + keys + ")";
    }
    String where = "signature \"" + SIGNATURE + "\"";
    String input = tensorProblem(where, "input", INPUT, signature.getInputsMap());
    if (input != null) {
      return input;
    }
    if (signature.getInputsCount() > 1) {
      List<String> extra = new ArrayList<>(signature.getInputsMap().keySet());
      extra.remove(INPUT);
      Collections.sort(extra);
      return where + " has inputs besides \"" + INPUT + "\" that nothing would feed: " + extra;
    }
    return tensorProblem(where, "output", OUTPUT, signature.getOutputsMap());
  }

  private static @Nullable String tensorProblem(
      String where, String role, String name, Map<String, TensorInfo> tensors) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      List<String> names = new ArrayList<>(tensors.keySet());
      Collections.sort(names);
      return where + " has no " + role + " \"" + name + "\" (its " + role + "s: " + names + ")";
    }
    String tensor = where + " " + role + " \"" + name + "\"";
    if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
      return tensor + " is not a dense tensor (" + info.getEncodingCase() + ")";
    }
    if (info.getDtype() != DataType.DT_STRING) {
      return tensor + " is " + info.getDtype() + ", not DT_STRING";
    }
    TensorShapeProto shape = info.getTensorShape();
    if (!shape.getUnknownRank() && shape.getDimCount() != 1) {
      return tensor + " has rank " + shape.getDimCount() + ", not 1 ([batch])";
    }
    return null;
  }

  /** The model directory, absolute. */
  public Path directory() {
    return directory;
  }

  /** Sentences per model call. */
  public int batchSize() {
    return batchSize;
  }

  /** The model directory, as a string. */
  @Override
  public String name() {
    return directory.toString();
  }

  @Override
  public List<String> translate(List<String> sentences) {
    requireNonNull(sentences, "sentences");
    List<String> translations = new ArrayList<>(sentences.size());
    for (int start = 0; start < sentences.size(); start += batchSize) {
      List<String> batch = sentences.subList(start, Math.min(sentences.size(), start + batchSize));
      translations.addAll(translateBatch(batch));
    }
    return Collections.unmodifiableList(translations);
  }

  private List<String> translateBatch(List<String> batch) {
    for (int i = 0; i < batch.size(); i++) {
      requireNonNull(batch.get(i), "sentence");
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(directory + ": translator is closed");
      }
      return run(batch);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<String> run(List<String> batch) {
    try (TString text = TString.vectorOf(batch.toArray(new String[0]));
        Result result = function.call(Map.of(INPUT, text))) {
      Tensor output =
          result
              .get(OUTPUT)
              .orElseThrow(() -> misbehaved("returned no \"" + OUTPUT + "\""));
      if (!(output instanceof TString translation)) {
        throw misbehaved("returned \"" + OUTPUT + "\" of type " + output.dataType());
      }
      if (translation.shape().numDimensions() != 1 || translation.shape().size(0) != batch.size()) {
        throw misbehaved(
            "returned \"" + OUTPUT + "\" of shape " + translation.shape() + " for "
                + batch.size() + " sentences");
      }
      List<String> out = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        out.add(translation.getObject(i));
      }
      return out;
    }
  }

  private IllegalStateException misbehaved(String what) {
    return new IllegalStateException(
        directory + ": signature \"" + SIGNATURE + "\" " + what + "; " + CONTRACT);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        bundle.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "SavedModelTranslator[" + directory + ", batch " + batchSize + "]";
  }
}
