package org.unimo.savedmodels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.unimo.graph.LiveModel;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.rewriting.tokenizer.Tokenizer;

/**
 * Exports a trained model as a SavedModel with the {@link Signatures}.
 *
 * <p>The export holds only the inference graph: the spec is compiled again without objectives,
 * optimizer or dropout, and the trained weights are restored into it from a checkpoint of the
 * training session. The directory appears whole or not at all: it is written under a temporary
 * name beside the target, then renamed.
 *
 * <pre>{@code
 * ModelExporter.export(spec, trainedSession, tokenizer, Path.of("runs/tiny/export"));
 * try (Predictor predictor = Predictor.load(Path.of("runs/tiny/export"))) { ... }
 * }</pre>
 */
public final class ModelExporter {
  /** Files that only this toolkit reads: the spec and the tokenizer. */
  public static final String EXTRA_DIR = "assets.extra";

  public static final String SPEC_FILE = "spec.textproto";

  private ModelExporter() {}

  /**
   * Exports the variables of {@code trained} (a live model of a spec's training or inference
   * graph) to {@code dir}, which must not exist: the inference graph of its spec, with the
   * signatures of {@link Signatures} (one {@code classify_HEAD} per head).
   *
   * @throws FileAlreadyExistsException if {@code dir} exists
   */
  public static Path export(LiveModel trained, Tokenizer tokenizer, Path dir) throws IOException {
    ModelSpec spec = trained.model().spec();
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite an export");
    }
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path staging = parent.resolve("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
    Path checkpoints = Files.createTempDirectory("unimo-export-");
    try {
      deleteRecursively(staging);
      trained.saveVariables(checkpoints.resolve("weights"));
      CompileOptions options =
          CompileOptions.inference().withObjectives(trained.model().options().objectives());
      try (CompiledModel inference = ModelCompiler.compile(spec, options);
          LiveModel model = LiveModel.open(inference)) {
        model.restoreVariables(checkpoints.resolve("weights"));
        model.exportSavedModel(staging, Signatures.of(inference));
      }
      Path extra = Files.createDirectories(staging.resolve(EXTRA_DIR));
      Files.writeString(extra.resolve(SPEC_FILE), spec.toTextProto(), StandardCharsets.UTF_8);
      TokenizerFiles.write(tokenizer, extra);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      deleteRecursively(staging);
      deleteRecursively(checkpoints);
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
