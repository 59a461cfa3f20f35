package org.unimo.tasks.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.GenerationHeadSpec;
import org.unimo.dsl.ImageSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.Embedder;
import org.unimo.graph.ImageBatch;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.LiveModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.TextBatch;
import org.unimo.graph.decoding.Generator;
import org.unimo.graph.distributed.DataParallel;
import org.unimo.graph.distributed.TaskServer;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.savedmodels.ModelExporter;
import org.unimo.savedmodels.TokenizerFiles;
import org.unimo.tasks.data.DataSource;

/**
 * One training run of a spec on a data source: tokenizer, compiled graph, live model and run
 * directory, ready to train, evaluate and export.
 *
 * <p>The stages: a {@link ModelSpec} compiles into a {@link CompiledModel}; the run opens it as a
 * {@link LiveModel} and trains it (resumable: {@link #train}); the trained model embeds ({@link
 * #embedder()}) and exports ({@link #export}) as a SavedModel, which the savedmodels module's
 * {@code Predictor} serves. No stage hands out a TensorFlow session.
 *
 * <pre>{@code
 * try (TrainingRun run = TrainingRun.prepare(spec, new ShapesWorldSource(world), Path.of("runs/tiny"))) {
 *   run.train(Trainer.Options.of(true, false), m -> {});
 *   run.export(Path.of("runs/tiny/export"));
 * }
 * }</pre>
 */
public final class TrainingRun implements AutoCloseable {
  /** The run's spec in a run directory, in canonical text format. */
  public static final String SPEC_FILE = "spec.textproto";

  private final ModelSpec spec;
  private final DataSource data;
  private final Tokenizer tokenizer;
  private final CompiledModel compiled;
  private final LiveModel model;
  private final Path runDir;
  private final @Nullable String initialized;

  private TrainingRun(
      ModelSpec spec,
      DataSource data,
      Tokenizer tokenizer,
      CompiledModel compiled,
      LiveModel model,
      Path runDir,
      @Nullable String initialized) {
    this.initialized = initialized;
    this.spec = spec;
    this.data = data;
    this.tokenizer = tokenizer;
    this.compiled = compiled;
    this.model = model;
    this.runDir = runDir;
  }

  /** {@link #prepare(ModelSpec, DataSource, Path, CompileOptions)} with the built-in objectives. */
  public static TrainingRun prepare(ModelSpec spec, DataSource data, Path runDir) throws IOException {
    return prepare(spec, data, runDir, CompileOptions.training());
  }

  /**
   * Builds the tokenizer, compiles the training graph with {@code options} (e.g. more registered
   * objectives) and opens it; writes the spec and tokenizer into {@code runDir}.
   *
   * @throws IllegalArgumentException if the spec does not fit the data, naming the field
   */
  public static TrainingRun prepare(ModelSpec spec, DataSource data, Path runDir, CompileOptions options)
      throws IOException {
    return prepare(spec, data, runDir, options, null);
  }

  /**
   * As {@link #prepare(ModelSpec, DataSource, Path, CompileOptions)}, starting from {@code init}'s
   * weights and tokenizer when given (a resumed run's checkpoint then overrides the weights).
   *
   * @throws IllegalArgumentException if the spec does not fit the data or {@code init}'s weights,
   *     naming the field or variable
   */
  public static TrainingRun prepare(
      ModelSpec spec, DataSource data, Path runDir, CompileOptions options, @Nullable InitialWeights init)
      throws IOException {
    return prepare(spec, data, runDir, options, init, null);
  }

  /**
   * As {@link #prepare(ModelSpec, DataSource, Path, CompileOptions, InitialWeights)}, for one task
   * of a data-parallel run when {@code server} is given: {@code options} must then be {@linkplain
   * CompileOptions#replicated replicated} for that task, and the session runs on the server.
   * Training ({@link #train}) then reads this task's slice of every global batch and agrees with
   * the other tasks at every step.
   *
   * @throws IllegalArgumentException also if the batch does not divide among the tasks, naming
   *     {@code training.batch_size}
   */
  public static TrainingRun prepare(
      ModelSpec spec,
      DataSource data,
      Path runDir,
      CompileOptions options,
      @Nullable InitialWeights init,
      @Nullable TaskServer server)
      throws IOException {
    if ((server == null) != (options.dataParallel() == null)) {
      throw new IllegalArgumentException(
          server == null ? "a replicated graph runs on a task's server: give the TaskServer" : "a task's server runs a replicated graph: compile with CompileOptions.replicated");
    }
    if (options.dataParallel() != null) {
      TaskSlice.of(options.dataParallel().rank(), options.dataParallel().tasks()).rows(spec.training());
    }
    StepBatches.checkFits(spec, data);
    Files.createDirectories(runDir);
    Tokenizer tokenizer =
        init != null ? init.tokenizer() : hasTokenizerFiles(spec, runDir) ? TokenizerFiles.read(spec, runDir) : tokenizerFor(spec, data);
    AtomicFiles.writeString(runDir.resolve(SPEC_FILE), spec.toTextProto());
    TokenizerFiles.write(tokenizer, runDir);
    CompiledModel compiled = ModelCompiler.compile(spec, options);
    LiveModel model = null;
    try {
      StepBatches.check(compiled, data);
      model = server == null ? LiveModel.open(compiled) : LiveModel.open(compiled, server);
      String initialized = null;
      if (init != null) {
        LiveModel.Loaded loaded = model.loadAvailable(init.variables());
        initialized = init.describe(loaded.fresh(), loaded.absent());
      }
      return new TrainingRun(spec, data, tokenizer, compiled, model, runDir, initialized);
    } catch (RuntimeException e) {
      if (model != null) {
        model.close();
      }
      compiled.close();
      throw e;
    }
  }

  /** Whether {@code runDir} already holds the files of the spec's tokenizer (a resumed run's, or given). */
  private static boolean hasTokenizerFiles(ModelSpec spec, Path runDir) {
    List<String> files = TokenizerFiles.fileNames(spec);
    return !files.isEmpty() && files.stream().allMatch(f -> Files.isRegularFile(runDir.resolve(f)));
  }

  /** The most texts a byte-level BPE is trained on: the first ones of the corpus. */
  public static final int TOKENIZER_TEXTS = 1_000_000;

  /**
   * The spec's tokenizer: GPT-2's vocabulary, or a byte-level BPE trained (deterministically) on
   * the first {@value #TOKENIZER_TEXTS} texts of the source's {@linkplain DataSource#tokenizerCorpus
   * tokenizer corpus} (for the shapes world: the training captions and the glosses, never held-out
   * captions; for a task: its training texts).
   */
  public static Tokenizer tokenizerFor(ModelSpec spec, DataSource data) {
    return TokenizerFiles.build(spec, data.tokenizerCorpus(TOKENIZER_TEXTS));
  }

  public ModelSpec spec() {
    return spec;
  }

  public DataSource data() {
    return data;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public CompiledModel compiled() {
    return compiled;
  }

  /** The model's current weights, for evaluation: dropout-free embeddings. */
  public Embedder embedder() {
    return model;
  }

  public Path runDir() {
    return runDir;
  }

  /**
   * Trains up to {@code training.steps} steps, continuing after the run directory's latest
   * checkpoint if it has one; see {@link Trainer#train}.
   */
  public Trainer.Summary train(Trainer.Options options, Consumer<StepMetrics> listener) throws IOException {
    DataParallel replica = compiled.options().dataParallel();
    TaskSlice slice = replica == null ? TaskSlice.whole() : TaskSlice.of(replica.rank(), replica.tasks());
    try (StepBatches batches = new StepBatches(compiled, data, tokenizer, slice)) {
      return new Trainer(model, batches, runDir).train(options, listener);
    }
  }

  /** Head {@code head}'s class probabilities for {@code texts}, from the current weights. */
  public float[][] predict(String head, List<String> texts) {
    return model.predict(head, TextBatch.encode(tokenizer, texts, spec.text().maxLength()));
  }

  /**
   * Head {@code head}'s class probabilities for text pairs ({@code [CLS] text [SEP] second [SEP]};
   * a null second: the text alone), from the current weights.
   */
  public float[][] predict(String head, List<String> texts, List<? extends @Nullable String> seconds) {
    return model.predict(head, TextBatch.encodePairs(tokenizer, texts, seconds, spec.text().maxLength()));
  }

  /**
   * Head {@code head}'s primary output for texts each about an image (an image-text classifier's
   * probabilities, a VQA head's answer scores), from the current weights.
   */
  public float[][] predict(String head, List<String> texts, Collection<ImageRegions> images) {
    ImageSpec image = spec.image().orElseThrow(() -> new IllegalStateException("the spec declares no image input"));
    return model.predict(
        head,
        TextBatch.encode(tokenizer, texts, spec.text().maxLength()),
        ImageBatch.of(List.copyOf(images), image));
  }

  /**
   * Texts generated by generation head {@code head} from the current weights (its decode step in
   * the loop of {@link Generator}), with {@code settings} or, when null, the head's own; see {@link
   * Generator#generate}.
   *
   * @throws IllegalArgumentException if the model has no such generation head
   */
  public List<String> generate(
      String head,
      List<String> texts,
      List<? extends @Nullable String> seconds,
      @Nullable List<ImageRegions> images,
      @Nullable DecodingSpec settings) {
    GenerationHeadSpec generation = Generator.head(spec, head);
    Generator.Step step = inputs -> model.call(head, inputs, generation.output());
    return Generator.generate(generation, spec, tokenizer, step, texts, seconds, images, settings);
  }

  /** Exports the current weights as a SavedModel; see {@link ModelExporter#export}. */
  public Path export(Path dir) throws IOException {
    return ModelExporter.export(model, tokenizer, classNames(), dir);
  }

  /** The class names of the heads that train on a task (its labels, or a VQA task's answers). */
  private Map<String, List<String>> classNames() {
    if (!(data instanceof org.unimo.tasks.finetune.TaskSource task) || task.labelNames().isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> names = new LinkedHashMap<>();
    spec.heads().stream()
        .filter(h -> h.labels().equals(task.name()))
        .forEach(h -> names.put(h.name(), task.labelNames()));
    return names;
  }

  /** The files this run reads, for its manifest: the data cache and the tokenizer it wrote. */
  public Map<String, Path> dataFiles(Path dataCache) {
    Map<String, Path> files = new LinkedHashMap<>();
    files.put(dataCache.getFileName().toString(), dataCache);
    for (String name : TokenizerFiles.fileNames(spec)) {
      files.put(name, runDir.resolve(name));
    }
    return files;
  }

  /** Prints what the run is made of. */
  public void describe(PrintStream out) {
    out.printf(
        "model %s: %,d parameters, %d layers x %d, vocabulary %d (%s), spec sha256 %s%n",
        spec.name(),
        compiled.parameterCount(),
        spec.encoder().layers(),
        spec.encoder().hidden(),
        tokenizer.vocabSize(),
        tokenizer.kind(),
        spec.fingerprint().substring(0, 16));
    if (initialized != null) {
      out.println(initialized);
    }
  }

  @Override
  public void close() {
    model.close();
    compiled.close();
  }
}
