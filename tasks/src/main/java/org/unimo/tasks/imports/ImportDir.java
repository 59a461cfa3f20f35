package org.unimo.tasks.imports;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.unimo.dsl.EncoderSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.SpecException;
import org.unimo.dsl.TextSpec;
import org.unimo.graph.weights.FloatTensor;
import org.unimo.graph.weights.ImportedEncoder;
import org.unimo.graph.weights.SafeTensors;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.savedmodels.TokenizerFiles;
import org.unimo.tasks.training.AtomicFiles;
import org.unimo.tasks.training.JsonLine;

/**
 * A directory written by {@code unimo import}: a pretrained encoder ready to embed with or to start
 * a run from ({@code --init DIR}).
 *
 * <pre>
 * encoder.textproto    the encoder-only spec: text input (tokenizer, vocabulary) and encoder sizes
 * weights.safetensors  the encoder's variables, by the toolkit's variable names, float32
 * vocab.txt            the tokenizer's files (as the spec's tokenizer kind keeps them)
 * import.json          where it came from: source, format, SHA-256s, tensors left unused
 * </pre>
 */
public final class ImportDir {
  public static final String SPEC_FILE = "encoder.textproto";
  public static final String WEIGHTS_FILE = "weights.safetensors";
  public static final String MANIFEST_FILE = "import.json";
  static final String FORMAT = "unimo-import/1";

  private final Path dir;
  private final ModelSpec spec;
  private final Tokenizer tokenizer;
  private final JsonObject manifest;

  private ImportDir(Path dir, ModelSpec spec, Tokenizer tokenizer, JsonObject manifest) {
    this.dir = dir;
    this.spec = spec;
    this.tokenizer = tokenizer;
    this.manifest = manifest;
  }

  /** Whether {@code dir} looks like an import directory (has {@code import.json}). */
  public static boolean isImportDir(Path dir) {
    return Files.isRegularFile(dir.resolve(MANIFEST_FILE));
  }

  /**
   * Writes an import into {@code out} (which must be new or empty): the weights first, the manifest
   * last, each file atomically, so a directory with a manifest is complete.
   *
   * @param from what the user gave {@code --from}
   * @param sourceSha256 SHA-256 of the file the weights were read from
   */
  public static ImportDir write(
      Path out, ImportedEncoder imported, ModelSpec spec, Tokenizer tokenizer, String from, String sourceSha256)
      throws IOException {
    Files.createDirectories(out);
    SafeTensors.write(
        out.resolve(WEIGHTS_FILE),
        imported.variables(),
        Map.of("format", FORMAT, "source", from, "source_format", imported.format()));
    TokenizerFiles.write(tokenizer, out);
    AtomicFiles.writeString(out.resolve(SPEC_FILE), spec.toTextProto());
    JsonLine json =
        new JsonLine()
            .put("format", FORMAT)
            .put("source", from)
            .put("source_format", imported.format())
            .put("source_sha256", sourceSha256)
            .put("weights_sha256", sha256(out.resolve(WEIGHTS_FILE)))
            .put("spec_fingerprint", spec.fingerprint())
            .put("variables", (long) imported.variables().size())
            .put("unused_tensors", String.join(", ", imported.unused()));
    AtomicFiles.writeString(out.resolve(MANIFEST_FILE), json.pretty() + "\n");
    return read(out);
  }

  /**
   * Reads an import directory.
   *
   * @throws IOException naming the missing or malformed file
   */
  public static ImportDir read(Path dir) throws IOException {
    Path manifestFile = dir.resolve(MANIFEST_FILE);
    if (!Files.isRegularFile(manifestFile)) {
      throw new NoSuchFileException(manifestFile.toString(), null, "missing: not a directory written by unimo import");
    }
    JsonObject manifest;
    try {
      manifest = JsonParser.parseString(Files.readString(manifestFile, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IOException(manifestFile + ": malformed: " + e.getMessage(), e);
    }
    String format = manifest.has("format") ? manifest.get("format").getAsString() : "none";
    if (!format.equals(FORMAT)) {
      throw new IOException(manifestFile + ": format '" + format + "'; this toolkit reads '" + FORMAT + "'");
    }
    Path specFile = dir.resolve(SPEC_FILE);
    if (!Files.isRegularFile(specFile)) {
      throw new NoSuchFileException(specFile.toString(), null, "missing from the import directory");
    }
    ModelSpec spec;
    try {
      spec = ModelSpec.parseEncoderOnly(Files.readString(specFile, StandardCharsets.UTF_8), specFile.toString());
    } catch (SpecException e) {
      throw new IOException(e.getMessage(), e);
    }
    Tokenizer tokenizer = TokenizerFiles.read(spec, dir);
    return new ImportDir(dir, spec, tokenizer, manifest);
  }

  public Path dir() {
    return dir;
  }

  /** The encoder-only spec: text input and encoder. */
  public ModelSpec spec() {
    return spec;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** What {@code --from} named when the import was made. */
  public String source() {
    return manifest.get("source").getAsString();
  }

  /** The checkpoint's format, e.g. {@code onnx}. */
  public String sourceFormat() {
    return manifest.get("source_format").getAsString();
  }

  /** The source's tensors the encoder does not use, by their names there. */
  public List<String> unusedTensors() {
    String joined = manifest.get("unused_tensors").getAsString();
    return joined.isEmpty() ? List.of() : List.of(joined.split(", "));
  }

  /** SHA-256 of {@code weights.safetensors} as written. */
  public String weightsSha256() {
    return manifest.get("weights_sha256").getAsString();
  }

  /**
   * The encoder's variables.
   *
   * @throws IOException if the weights file is missing, malformed or not the one the manifest records
   */
  public Map<String, FloatTensor> weights() throws IOException {
    Path file = dir.resolve(WEIGHTS_FILE);
    String actual = sha256(file);
    if (!actual.equals(weightsSha256())) {
      throw new IOException(file + ": SHA-256 " + actual + " differs from the " + weightsSha256() + " that " + MANIFEST_FILE + " records");
    }
    SafeTensors tensors = SafeTensors.read(file);
    Map<String, FloatTensor> weights = new java.util.LinkedHashMap<>();
    for (String name : tensors.entries().keySet()) {
      weights.put(name, tensors.tensor(name));
    }
    return weights;
  }

  /**
   * Where a full spec that starts from this import differs from it: the text input's tokenizer and
   * vocabulary, and every encoder field that shapes or computes with the weights (dropout, the
   * initializer range, pooling and {@code text.max_length} may differ).
   *
   * @return one line per mismatch, e.g. {@code encoder.hidden: 768 in the config, 384 in the import}
   */
  public List<String> mismatches(ModelSpec full) {
    return mismatches(full, spec, "the import");
  }

  /**
   * Where {@code full} differs from {@code source}'s text input and encoder (as {@link
   * #mismatches(ModelSpec)}), each line naming {@code sourceName}.
   */
  public static List<String> mismatches(ModelSpec full, ModelSpec source, String sourceName) {
    List<String> problems = new ArrayList<>();
    TextSpec a = full.text();
    TextSpec b = source.text();
    Compare compare = (field, config, imported) -> {
      if (!Objects.equals(config, imported)) {
        problems.add(field + ": " + config + " in the config, " + imported + " in " + sourceName);
      }
    };
    compare.check("text.tokenizer.kind", a.tokenizer(), b.tokenizer());
    compare.check("text.tokenizer.vocab_size", a.vocabSize(), b.vocabSize());
    compare.check("text.tokenizer.lower_case", a.lowerCase(), b.lowerCase());
    EncoderSpec e = full.encoder();
    EncoderSpec f = source.encoder();
    compare.check("encoder.layers", e.layers(), f.layers());
    compare.check("encoder.hidden", e.hidden(), f.hidden());
    compare.check("encoder.heads", e.heads(), f.heads());
    compare.check("encoder.ffn", e.ffn(), f.ffn());
    compare.check("encoder.activation", e.activation(), f.activation());
    compare.check("encoder.max_positions", e.maxPositions(), f.maxPositions());
    compare.check("encoder.layer_norm_epsilon", e.layerNormEpsilon(), f.layerNormEpsilon());
    compare.check("encoder.type_vocab_size", e.typeVocabSize(), f.typeVocabSize());
    compare.check("encoder.position_offset", e.positionOffset(), f.positionOffset());
    return problems;
  }

  @FunctionalInterface
  private interface Compare {
    void check(String field, Object config, Object imported);
  }

  static String sha256(Path file) throws IOException {
    return MoreFiles.asByteSource(file).hash(Hashing.sha256()).toString();
  }
}
