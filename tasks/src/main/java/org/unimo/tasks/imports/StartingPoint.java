package org.unimo.tasks.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.weights.FloatTensor;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.savedmodels.Predictor;

/**
 * What a run's {@code --init} names: an import directory ({@code unimo import}), a run directory of
 * {@code unimo pretrain} or {@code finetune} (its {@code export/}), or a SavedModel this toolkit
 * exported ({@code RUN/export}, {@code RUN/best}). Pre-training then fine-tuning is the second:
 * the encoder's variables (embeddings, including the region projections, layers and pooler) are
 * loaded, the heads start fresh.
 *
 * <pre>{@code
 * StartingPoint init = StartingPoint.read(Path.of("runs/pretrained"));
 * List<String> problems = init.mismatches(fineTuningSpec);
 * }</pre>
 */
public final class StartingPoint {
  /** The variables taken from an export: everything but the heads. */
  static final List<String> ENCODER_PREFIXES = List.of("embeddings/", "encoder/", "pooler/");

  private final Path dir;
  private final ModelSpec spec;
  private final Tokenizer tokenizer;
  private final String source;
  private final String sha256;
  private final WeightsReader weights;
  /** How messages name it: "the import", "the export". */
  private final String what;

  @FunctionalInterface
  private interface WeightsReader {
    Map<String, FloatTensor> read() throws IOException;
  }

  private StartingPoint(
      Path dir, ModelSpec spec, Tokenizer tokenizer, String source, String sha256, WeightsReader weights, String what) {
    this.what = what;
    this.dir = dir;
    this.spec = spec;
    this.tokenizer = tokenizer;
    this.source = source;
    this.sha256 = sha256;
    this.weights = weights;
  }

  /**
   * @throws NoSuchFileException if {@code dir} is none of the three
   * @throws IOException if it is one, but a file of it is missing or malformed (named)
   */
  public static StartingPoint read(Path dir) throws IOException {
    if (ImportDir.isImportDir(dir)) {
      ImportDir imported = ImportDir.read(dir);
      return new StartingPoint(dir, imported.spec(), imported.tokenizer(), imported.source(), imported.weightsSha256(), imported::weights, "the import");
    }
    Path export = isExport(dir) ? dir : dir.resolve("export");
    if (!isExport(export)) {
      throw new NoSuchFileException(
          dir.toString(), null, "not an import directory (import.json), a run directory with export/, or a SavedModel export of unimo");
    }
    String sha256 = ImportDir.sha256(export.resolve("variables").resolve("variables.index"));
    // The spec and tokenizer from the export's files; the SavedModel is loaded once, for the weights.
    ModelSpec spec = Predictor.spec(export);
    Tokenizer tokenizer = Predictor.tokenizer(export, spec);
    return new StartingPoint(
        dir,
        spec,
        tokenizer,
        export.toAbsolutePath().toString(),
        sha256,
        () -> {
          try (Predictor model = Predictor.load(export)) {
            return model.variables(ENCODER_PREFIXES);
          }
        },
        "the export");
  }

  private static boolean isExport(Path dir) {
    return Files.isRegularFile(dir.resolve("saved_model.pb"));
  }

  /** The starting point's spec: an import's text input and encoder, or an export's whole spec. */
  public ModelSpec spec() {
    return spec;
  }

  public Path dir() {
    return dir;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** What the weights came from, for the run's manifest. */
  public String source() {
    return source;
  }

  /** The SHA-256 identifying the weights: the import's weights file, or the export's variables index. */
  public String weightsSha256() {
    return sha256;
  }

  /** The variables a run starts from, by path. */
  public Map<String, FloatTensor> weights() throws IOException {
    return weights.read();
  }

  /** Where {@code full}'s text input and encoder differ from this starting point's ({@link ImportDir#mismatches}). */
  public List<String> mismatches(ModelSpec full) {
    return ImportDir.mismatches(full, spec, what);
  }
}
