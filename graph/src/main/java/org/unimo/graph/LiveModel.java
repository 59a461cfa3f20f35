package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.SessionFunction;
import org.tensorflow.types.TFloat32;
import org.unimo.dsl.DataKind;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.StepBatch;

/**
 * A compiled model with its variables held in a TensorFlow session: what trains, checkpoints,
 * embeds and exports. Variables start from the seed on the first run unless restored first. Owns the
 * session (not the compiled model): close it when done.
 *
 * <pre>{@code
 * try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training());
 *     LiveModel model = LiveModel.open(compiled)) {
 *   LiveModel.StepResult result = model.step(batches.at(1), null);
 * }
 * }</pre>
 */
public final class LiveModel implements Embedder, AutoCloseable {
  private final CompiledModel model;
  private final Session session;

  private LiveModel(CompiledModel model, Session session) {
    this.model = model;
    this.session = session;
  }

  /** Opens a session on {@code model}, configured from its spec's compile section. */
  public static LiveModel open(CompiledModel model) {
    return new LiveModel(model, model.newSession());
  }

  public CompiledModel model() {
    return model;
  }

  /**
   * What one optimizer step reported.
   *
   * @param values each objective's loss by its name, each objective metric as {@code NAME_METRIC},
   *     and {@code total}
   * @param lossScale FP16: the loss scale the step used, else null
   * @param skipped FP16: whether the step was skipped for a non-finite gradient
   */
  public record StepResult(
      Map<String, Float> values, float learningRate, float gradientNorm, @Nullable Float lossScale, boolean skipped) {
    public StepResult {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /**
   * Runs one optimizer step on {@code batch}: of {@code kind}'s objectives ({@code training.mix}), or
   * of every objective when {@code kind} is null.
   */
  public StepResult step(StepBatch batch, @Nullable DataKind kind) {
    CompiledModel.TrainStep train = model.trainStep(kind);
    try (StepFeeds feeds = new StepFeeds(session.runner())) {
      List<String> names = new ArrayList<>();
      List<Operand<TFloat32>> fetches = new ArrayList<>();
      for (CompiledModel.CompiledObjective objective : train.objectives()) {
        objective.compiled().feed(batch, feeds);
        names.add(objective.name());
        fetches.add(objective.loss());
        objective.compiled().metrics().forEach((metric, value) -> {
          names.add(objective.name() + "_" + metric);
          fetches.add(value);
        });
      }
      names.add("total");
      fetches.add(train.total());
      fetches.add(train.learningRate());
      fetches.add(train.gradientNorm());
      if (train.lossScale() != null) {
        fetches.add(train.lossScale());
        fetches.add(requireNonNull(train.skipped()));
      }
      Session.Runner runner = feeds.runner();
      fetches.forEach(runner::fetch);
      runner.addTarget(train.train());
      try (Result result = runner.run()) {
        Map<String, Float> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          values.put(names.get(i), Outputs.scalar(result.get(i)));
        }
        int next = names.size();
        Float scale = train.lossScale() == null ? null : Outputs.scalar(result.get(next + 2));
        boolean skipped = train.lossScale() != null && Outputs.scalar(result.get(next + 3)) > 0;
        return new StepResult(
            values, Outputs.scalar(result.get(next)), Outputs.scalar(result.get(next + 1)), scale, skipped);
      }
    }
  }

  @Override
  public float[][] embedTexts(TextBatch batch) {
    TextInputs inputs = model.inference().inputs().text();
    return matrix(feeds -> inputs.feed(batch, feeds), model.inference().textEmbedding());
  }

  @Override
  public float[][] embedImages(ImageBatch batch) {
    ImageInputs inputs = model.inference().inputs().requireImage();
    return matrix(feeds -> inputs.feed(batch, feeds), requireNonNull(model.inference().imageEmbedding()));
  }

  /** Feeds an inference input and fetches one matrix output. */
  private float[][] matrix(java.util.function.Consumer<StepFeeds> feed, Operand<?> output) {
    try (StepFeeds feeds = new StepFeeds(session.runner())) {
      feed.accept(feeds);
      try (Result result = feeds.runner().fetch(output).run()) {
        return Outputs.matrix(result.get(0));
      }
    }
  }

  /**
   * Head {@code head}'s outputs for {@code batch}: for a sequence classification head, its class
   * probabilities [B, C].
   *
   * @throws IllegalArgumentException if the model has no such head
   */
  public float[][] predict(String head, TextBatch batch) {
    Head.Prediction prediction =
        model.head(head).orElseThrow(() -> new IllegalArgumentException("the model has no head named '" + head + "'"));
    TextInputs inputs = model.inference().inputs().text();
    return matrix(feeds -> inputs.feed(batch, feeds), prediction.outputs().get("probabilities"));
  }

  /** Writes every variable (weights, optimizer slots, step counter) under {@code prefix}. */
  public void saveVariables(Path prefix) {
    session.save(prefix.toString());
  }

  /** Reads every variable written by {@link #saveVariables} (of a model of the same spec). */
  public void restoreVariables(Path prefix) {
    session.restore(prefix.toString());
  }

  /** The step counter's value. */
  public long globalStep() {
    try (Result result = session.runner().fetch(model.globalStep()).run()) {
      return ((org.tensorflow.types.TInt64) result.get(0)).getObject();
    }
  }

  /** Writes this model's graph and variables as a SavedModel with {@code signatures} into {@code dir}. */
  public void exportSavedModel(Path dir, List<Signature> signatures) throws java.io.IOException {
    SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(dir.toString()).withSession(session);
    for (Signature signature : signatures) {
      exporter.withFunction(SessionFunction.create(signature, session));
    }
    exporter.export();
  }

  /** For tests of this package: reads a tensor the handles do not cover, e.g. a variable. */
  Session session() {
    return session;
  }

  @Override
  public void close() {
    session.close();
  }
}
