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

  /** The directory under {@value #EXTRA_DIR} of the heads' class names, {@code HEAD.txt}. */
  public static final String CLASSES_DIR = "classes";

  private ModelExporter() {}

  /**
   * Exports the variables of {@code trained} (a live model of a spec's training or inference
   * graph) to {@code dir}, which must not exist: the inference graph of its spec, with the
   * signatures of {@link Signatures} (one {@code classify_HEAD} per head).
   *
   * @throws FileAlreadyExistsException if {@code dir} exists
   */
  public static Path export(LiveModel trained, Tokenizer tokenizer, Path dir) throws IOException {
    return export(trained, tokenizer, java.util.Map.of(), dir);
  }

  /**
   * As {@link #export(LiveModel, Tokenizer, Path)}, also listing heads' class names (a VQA head's
   * answers, a classifier's labels) in {@code assets.extra/classes/HEAD.txt}, one per line in
   * index order, for predictions that name the class.
   */
  public static Path export(
      LiveModel trained, Tokenizer tokenizer, java.util.Map<String, java.util.List<String>> classNames, Path dir)
      throws IOException {
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
      if (!classNames.isEmpty()) {
        Path classes = Files.createDirectories(extra.resolve(CLASSES_DIR));
        for (var entry : classNames.entrySet()) {
          for (String name : entry.getValue()) {
            if (name.contains("\n") || name.contains("\r")) {
              throw new IllegalArgumentException("head " + entry.getKey() + ": the class name '" + name + "' spans lines");
            }
          }
          Files.write(classes.resolve(entry.getKey() + ".txt"), entry.getValue(), StandardCharsets.UTF_8);
        }
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      deleteRecursively(staging);
      deleteRecursively(checkpoints);
    }
  }

  /** The class names of head {@code head} in the export {@code dir}, or none when it lists none. */
  static java.util.List<String> readClassNames(Path dir, String head) throws IOException {
    Path file = dir.resolve(EXTRA_DIR).resolve(CLASSES_DIR).resolve(head + ".txt");
    return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : java.util.List.of();
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
