package org.unimo.graph;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.DataKind;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.MicroBatch;
import org.unimo.graph.objective.StepBatch;
import org.unimo.graph.weights.FloatTensor;

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
  /** The placeholder and assign op {@link #load} built for each variable it set, built once. */
  private final Map<String, Assigner> assigners = new HashMap<>();

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
   * of every objective when {@code kind} is null. With gradient accumulation, the batch runs as
   * micro-batches ({@link #accumulated}).
   */
  public StepResult step(StepBatch batch, @Nullable DataKind kind) {
    CompiledModel.TrainStep train = model.trainStep(kind);
    Reported reported = Reported.of(train);
    if (train.accumulation() != null) {
      return accumulated(train, train.accumulation(), reported, batch);
    }
    try (StepFeeds feeds = new StepFeeds(session.runner())) {
      for (CompiledModel.CompiledObjective objective : train.objectives()) {
        objective.compiled().feed(batch, feeds);
      }
      Session.Runner runner = feeds.runner();
      reported.fetches().forEach(runner::fetch);
      Update update = Update.fetch(train, runner);
      try (Result result = runner.run()) {
        Map<String, Float> values = new LinkedHashMap<>();
        for (int i = 0; i < reported.names().size(); i++) {
          values.put(reported.names().get(i), Outputs.scalar(result.get(i)));
        }
        return update.result(values, result, reported.names().size());
      }
    }
  }

  /**
   * What a step reports per batch, in fetch order: each objective's loss and metrics ({@code
   * NAME_METRIC}), then {@code total}; {@code summed} marks the values that add up over
   * micro-batches (weighted-mean losses and the total; the others are averaged).
   */
  private record Reported(List<String> names, List<Operand<TFloat32>> fetches, List<Boolean> summed) {
    static Reported of(CompiledModel.TrainStep train) {
      List<String> summedLosses =
          train.accumulation() == null ? List.of() : train.accumulation().summed();
      List<String> names = new ArrayList<>();
      List<Operand<TFloat32>> fetches = new ArrayList<>();
      List<Boolean> summed = new ArrayList<>();
      for (CompiledModel.CompiledObjective objective : train.objectives()) {
        names.add(objective.name());
        fetches.add(objective.loss());
        summed.add(summedLosses.contains(objective.name()));
        objective.compiled().metrics().forEach((metric, value) -> {
          names.add(objective.name() + "_" + metric);
          fetches.add(value);
          summed.add(false);
        });
      }
      names.add("total");
      fetches.add(train.total());
      summed.add(true);
      return new Reported(names, fetches, summed);
    }
  }

  /** The update's reports, fetched after the batch's values: rate, norm, and with FP16 scale and skip. */
  private record Update(CompiledModel.TrainStep train) {
    static Update fetch(CompiledModel.TrainStep train, Session.Runner runner) {
      runner.fetch(train.learningRate()).fetch(train.gradientNorm());
      if (train.lossScale() != null) {
        runner.fetch(train.lossScale()).fetch(requireNonNull(train.skipped()));
      }
      runner.addTarget(train.train());
      return new Update(train);
    }

    /** The step's result from {@code result}, whose update reports start at {@code next}. */
    StepResult result(Map<String, Float> values, Result result, int next) {
      Float scale = train.lossScale() == null ? null : Outputs.scalar(result.get(next + 2));
      boolean skipped = train.lossScale() != null && Outputs.scalar(result.get(next + 3)) > 0;
      return new StepResult(
          values, Outputs.scalar(result.get(next)), Outputs.scalar(result.get(next + 1)), scale, skipped);
    }
  }

  /**
   * Gradient accumulation: splits {@code batch} into {@link MicroBatch}es; counts each one's weight
   * sums (a run of the feeds alone), so that every weighted-mean loss divides by the whole batch's
   * sum; runs each micro-batch's forward and backward pass, adding its gradients to the
   * accumulators; then applies the update in a last run. Reports the whole batch's losses (the
   * micro-batches' sums) and the micro-batches' mean of every other value.
   */
  private StepResult accumulated(
      CompiledModel.TrainStep train, CompiledModel.Accumulation accumulation, Reported reported, StepBatch batch) {
    int count = accumulation.microBatches();
    int batchSize = model.spec().training().batchSize();
    List<StepFeeds> micro = new ArrayList<>();
    try {
      for (int m = 0; m < count; m++) {
        StepFeeds feeds = StepFeeds.kept();
        micro.add(feeds);
        MicroBatch part = new MicroBatch(batch, m, count, batchSize);
        for (CompiledModel.CompiledObjective objective : train.objectives()) {
          objective.compiled().feed(part, feeds);
        }
      }
      List<Denominators.Denominator> denominators = accumulation.denominators();
      float[] sums = new float[denominators.size()];
      if (sums.length > 0) {
        for (StepFeeds feeds : micro) {
          Session.Runner runner = feeds.feedTo(session.runner());
          denominators.forEach(d -> runner.fetch(d.local()));
          try (Result result = runner.run()) {
            for (int i = 0; i < sums.length; i++) {
              sums[i] += Outputs.scalar(result.get(i));
            }
          }
        }
      }
      double[] values = new double[reported.names().size()];
      for (int m = 0; m < count; m++) {
        try (StepFeeds run = new StepFeeds(micro.get(m).feedTo(session.runner()))) {
          run.feed(accumulation.microBatch(), TInt64.scalarOf(m));
          for (int i = 0; i < sums.length; i++) {
            run.feed(denominators.get(i).override(), TFloat32.scalarOf(sums[i]));
          }
          Session.Runner runner = run.runner();
          reported.fetches().forEach(runner::fetch);
          runner.addTarget(m == 0 ? accumulation.ops().first() : accumulation.ops().next());
          try (Result result = runner.run()) {
            for (int i = 0; i < values.length; i++) {
              float value = Outputs.scalar(result.get(i));
              values[i] += reported.summed().get(i) ? value : (double) value / count;
            }
          }
        }
      }
      Session.Runner runner = session.runner();
      Update update = Update.fetch(train, runner);
      try (Result result = runner.run()) {
        Map<String, Float> byName = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
          byName.put(reported.names().get(i), (float) values[i]);
        }
        return update.result(byName, result, 0);
      }
    } finally {
      micro.forEach(StepFeeds::close);
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
  private float[][] matrix(Consumer<StepFeeds> feed, Operand<?> output) {
    return fetch(feed, output, Outputs::matrix);
  }

  /** Feeds an inference input, fetches one output and copies it out with {@code copy}. */
  private <T> T fetch(Consumer<StepFeeds> feed, Operand<?> output, Function<Tensor, T> copy) {
    try (StepFeeds feeds = new StepFeeds(session.runner())) {
      feed.accept(feeds);
      try (Result result = feeds.runner().fetch(output).run()) {
        return copy.apply(result.get(0));
      }
    }
  }

  /**
   * The encoder's last hidden states [B, T, H] for a text batch (no dropout): what an imported
   * checkpoint is compared on with its original runtime.
   */
  public float[][][] encodeTexts(TextBatch batch) {
    TextInputs inputs = model.inference().inputs().text();
    return fetch(feeds -> inputs.feed(batch, feeds), model.inference().textSequence(), Outputs::cube);
  }

  /**
   * Sets trainable variables to the given values, e.g. weights imported from a pretrained
   * checkpoint; the others keep their values (seeded initial values when nothing ran yet). Call it
   * before training starts: the optimizer's moments are not touched.
   *
   * @param values by variable path ({@code embeddings/word}, {@code encoder/layer_0/attention/query/kernel}, ...)
   * @return the trainable variables {@code values} did not set, in creation order
   * @throws IllegalArgumentException naming the first value whose variable does not exist or whose
   *     shape differs, with both shapes; nothing is assigned then
   */
  public List<String> load(Map<String, FloatTensor> values) {
    List<String> problems = new ArrayList<>();
    values.forEach((path, value) -> {
      Optional<Output<TFloat32>> variable = model.variable(path);
      if (variable.isEmpty()) {
        problems.add(path + ": no such variable in the compiled model");
      } else if (!Arrays.equals(variable.get().shape().asArray(), value.shape())) {
        problems.add(path + ": the model's variable has shape " + variable.get().shape() + ", the value " + value.shapeText());
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot load " + problems.size() + " of " + values.size() + " values: " + String.join("; ", problems));
    }
    // Few session runs, each assigning up to LOAD_CHUNK floats: every distinct set of feeds and
    // targets makes TensorFlow prune the whole graph anew (seconds for a training graph).
    List<Map.Entry<String, FloatTensor>> pending = new ArrayList<>(values.entrySet());
    int from = 0;
    while (from < pending.size()) {
      int to = from;
      long floats = 0;
      while (to < pending.size() && (to == from || floats + pending.get(to).getValue().values().length <= LOAD_CHUNK)) {
        floats += pending.get(to).getValue().values().length;
        to++;
      }
      assignAll(pending.subList(from, to));
      from = to;
    }
    return model.variables().stream().filter(v -> !values.containsKey(v)).toList();
  }

  /**
   * What {@link #loadAvailable} did.
   *
   * @param fresh the trainable variables no value set, in creation order
   * @param absent the values' names this model has no variable for (e.g. a pooler under plain mean
   *     pooling), left out
   */
  public record Loaded(List<String> fresh, List<String> absent) {}

  /**
   * {@link #load} of the values this model has a variable for; the others are left out and
   * reported. A shape mismatch is still an error.
   */
  public Loaded loadAvailable(Map<String, FloatTensor> values) {
    Map<String, FloatTensor> present = new LinkedHashMap<>();
    List<String> absent = new ArrayList<>();
    values.forEach((path, value) -> {
      if (model.variable(path).isPresent()) {
        present.put(path, value);
      } else {
        absent.add(path);
      }
    });
    return new Loaded(load(present), absent);
  }

  /** Floats assigned per session run by {@link #load}: 64 M (256 MB). */
  private static final long LOAD_CHUNK = 64L << 20;

  private void assignAll(List<Map.Entry<String, FloatTensor>> chunk) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, FloatTensor> entry : chunk) {
        Assigner assigner = assigners.computeIfAbsent(entry.getKey(), this::assigner);
        FloatTensor value = entry.getValue();
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(value.shape()), DataBuffers.of(value.values(), true, false));
        tensors.add(tensor);
        runner.feed(assigner.value(), tensor).addTarget(assigner.assign());
      }
      runner.run();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /** A placeholder and the assign op that writes it into one variable. */
  private record Assigner(Output<TFloat32> value, GraphOperation assign) {}

  private Assigner assigner(String path) {
    Output<TFloat32> variable = model.variable(path).orElseThrow();
    Graph graph = model.graph();
    String name = "load/" + path;
    GraphOperation placeholder =
        graph.opBuilder("Placeholder", name + "/value", graph.baseScope())
            .setAttr("dtype", DataType.DT_FLOAT)
            .setAttr("shape", variable.shape())
            .build();
    GraphOperation assign =
        graph.opBuilder("Assign", name + "/assign", graph.baseScope())
            .addInput(variable)
            .addInput(placeholder.output(0))
            .build();
    return new Assigner(placeholder.output(0), assign);
  }

  /**
   * Head {@code head}'s primary output for {@code batch}: a sequence classification head's class
   * probabilities [B, C], a regression head's values [B, 1].
   *
   * @throws IllegalArgumentException if the model has no such head
   */
  public float[][] predict(String head, TextBatch batch) {
    Head.Prediction prediction =
        model.head(head).orElseThrow(() -> new IllegalArgumentException("the model has no head named '" + head + "'"));
    TextInputs inputs = model.inference().inputs().text();
    return matrix(feeds -> inputs.feed(batch, feeds), prediction.outputs().get(prediction.primary()));
  }

  /**
   * Head {@code head}'s primary output for texts each about an image (row i of {@code text} with
   * row i of {@code images}): an image-text classifier's probabilities [B, C], a VQA head's answer
   * scores [B, A]; a retrieval head's scores of every text against every image.
   *
   * @throws IllegalArgumentException if the model has no such head
   */
  public float[][] predict(String head, TextBatch text, ImageBatch images) {
    Head.Prediction prediction =
        model.head(head).orElseThrow(() -> new IllegalArgumentException("the model has no head named '" + head + "'"));
    PairInputs inputs = model.inference().inputs();
    return matrix(
        feeds -> {
          inputs.text().feed(text, feeds);
          inputs.requireImage().feed(images, feeds);
        },
        prediction.outputs().get(prediction.primary()));
  }

  /**
   * Head {@code head}'s output {@code output} for inputs given by the keys of its signature (the
   * keys of {@link Head.Prediction#inputs()}, as the export serves them): what a generation head's
   * decode step takes. The caller keeps ownership of the tensors.
   *
   * @throws IllegalArgumentException if the model has no such head, or an input or the output is
   *     not among the head's
   */
  public float[][] call(String head, java.util.Map<String, ? extends Tensor> inputs, String output) {
    Head.Prediction prediction =
        model.head(head).orElseThrow(() -> new IllegalArgumentException("the model has no head named '" + head + "'"));
    Operand<?> fetched = prediction.outputs().get(output);
    if (fetched == null) {
      throw new IllegalArgumentException("head " + head + " has no output '" + output + "' (it has " + prediction.outputs().keySet() + ")");
    }
    if (!inputs.keySet().equals(prediction.inputs().keySet())) {
      throw new IllegalArgumentException("head " + head + " takes " + prediction.inputs().keySet() + ", given " + inputs.keySet());
    }
    Session.Runner runner = session.runner();
    inputs.forEach((key, tensor) -> runner.feed(prediction.inputs().get(key), tensor));
    try (Result result = runner.fetch(fetched).run()) {
      return Outputs.matrix(result.get(0));
    }
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
