package org.unimo.tasks.pretrain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Session;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.Tokenizer.Kind;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.rewriting.tokenizer.ByteLevelBpe;
import org.unimo.rewriting.tokenizer.Gpt2Tokenizer;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.savedmodels.ModelExporter;
import org.unimo.savedmodels.TokenizerFiles;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.data.ShapesWorldData;

/**
 * One pre-training run of a spec on its data: data, tokenizer, compiled graph, session and run
 * directory, ready to train, evaluate and export.
 *
 * <pre>{@code
 * try (PretrainingRun run = PretrainingRun.prepare(spec, world, Path.of("runs/tiny"))) {
 *   run.train(Trainer.Options.of(true, false), m -> {});
 *   run.export(Path.of("runs/tiny/export"));
 * }
 * }</pre>
 */
public final class PretrainingRun implements AutoCloseable {
  /** The run's spec in a run directory, in canonical text format. */
  public static final String SPEC_FILE = "spec.textproto";

  private final ModelSpec spec;
  private final ShapesWorldData world;
  private final Tokenizer tokenizer;
  private final CompiledModel model;
  private final Session session;
  private final Path runDir;

  private PretrainingRun(
      ModelSpec spec, ShapesWorldData world, Tokenizer tokenizer, CompiledModel model, Session session, Path runDir) {
    this.spec = spec;
    this.world = world;
    this.tokenizer = tokenizer;
    this.model = model;
    this.session = session;
    this.runDir = runDir;
  }

  /**
   * Builds the tokenizer, compiles the training graph and opens a session; writes the spec and
   * tokenizer into {@code runDir}.
   *
   * @throws IllegalArgumentException if the spec does not fit the data, naming the field
   */
  public static PretrainingRun prepare(ModelSpec spec, ShapesWorldData world, Path runDir)
      throws IOException {
    BatchSource.checkFits(spec, world.featureSize(), world.numClasses());
    Files.createDirectories(runDir);
    Tokenizer tokenizer = tokenizerFor(spec, world);
    AtomicFiles.writeString(runDir.resolve(SPEC_FILE), spec.toTextProto());
    TokenizerFiles.write(tokenizer, runDir);
    CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
    try {
      return new PretrainingRun(spec, world, tokenizer, model, model.newSession(), runDir);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The spec's tokenizer: GPT-2's vocabulary, or a byte-level BPE trained (deterministically) on
   * the training captions and the text corpus, never on held-out captions.
   */
  public static Tokenizer tokenizerFor(ModelSpec spec, ShapesWorldData world) {
    var declared = spec.proto().getText().getTokenizer();
    if (declared.getKind() == Kind.GPT2_R50K) {
      return Gpt2Tokenizer.load();
    }
    List<String> corpus = new ArrayList<>();
    for (Scene scene : world.train()) {
      corpus.addAll(scene.captions());
    }
    corpus.addAll(world.textCorpus());
    return ByteLevelBpe.train(corpus, declared.getVocabSize());
  }

  public ModelSpec spec() {
    return spec;
  }

  public ShapesWorldData world() {
    return world;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public CompiledModel model() {
    return model;
  }

  public Session session() {
    return session;
  }

  public Path runDir() {
    return runDir;
  }

  /**
   * Trains up to {@code training.steps} steps, continuing after the run directory's latest
   * checkpoint if it has one; see {@link Trainer#train}.
   */
  public Trainer.Summary train(Trainer.Options options, Consumer<StepMetrics> listener)
      throws IOException {
    BatchSource data = new BatchSource(spec, world, tokenizer);
    return new Trainer(model, session, data, runDir).train(options, listener);
  }

  /** Exports the current weights as a SavedModel; see {@link ModelExporter#export}. */
  public Path export(Path dir) throws IOException {
    return ModelExporter.export(spec, session, tokenizer, dir);
  }

  /** The files this run reads, for its manifest: the data cache and the tokenizer it wrote. */
  public java.util.Map<String, Path> dataFiles(Path dataCache) {
    java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
    files.put(dataCache.getFileName().toString(), dataCache);
    Path bpe = runDir.resolve(TokenizerFiles.BPE_FILE);
    if (Files.isRegularFile(bpe)) {
      files.put(TokenizerFiles.BPE_FILE, bpe);
    }
    return files;
  }

  /** Prints what the run is made of. */
  public void describe(PrintStream out) {
    out.printf(
        "model %s: %,d parameters, %d layers x %d, vocabulary %d (%s), spec sha256 %s%n",
        spec.name(),
        model.parameterCount(),
        spec.proto().getEncoder().getLayers(),
        spec.proto().getEncoder().getHidden(),
        tokenizer.vocabSize(),
        tokenizer.kind(),
        spec.fingerprint().substring(0, 16));
  }

  @Override
  public void close() {
    session.close();
    model.close();
  }
}
