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
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.unimo.dsl.DataKind;
import org.unimo.graph.distributed.TaskServer;
import org.unimo.graph.objective.Head;
import org.unimo.graph.objective.MicroBatch;
import org.unimo.graph.objective.StepBatch;
import org.unimo.graph.optimizer.Adam;
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

  /**
   * Opens a session on {@code server} for one task of a data-parallel run: {@code model} must be
   * compiled {@linkplain CompileOptions#replicated replicated} for that task. Variables start from
   * the seed; {@link TaskSync#broadcastVariables} then makes them task 0's.
   */
  public static LiveModel open(CompiledModel model, TaskServer server) {
    if (model.sync().isEmpty()) {
      throw new IllegalArgumentException("the model was not compiled for a data-parallel run (CompileOptions.replicated)");
    }
    return new LiveModel(model, server.openSession(model.graph(), SessionConfigs.of(model.spec().compile())));
  }

  public CompiledModel model() {
    return model;
  }

  /** In a data-parallel run, this task's side of what the tasks agree on; else empty. */
  public Optional<TaskSync> taskSync() {
    return model.sync().map(TaskSync::new);
  }

  /**
   * What one task of a data-parallel run agrees on with the others, outside the train step: each
   * method runs a collective, so every task calls the same methods in the same order (the same
   * code does), or the collective fails after its timeout.
   */
  public final class TaskSync {
    private final CompiledModel.Sync sync;

    private TaskSync(CompiledModel.Sync sync) {
      this.sync = sync;
    }

    /** How many tasks. */
    public int tasks() {
      return sync.tasks();
    }

    /** This task's index. */
    public int rank() {
      return sync.rank();
    }

    /** The element-wise sum over the tasks of a small vector (the same length on every task). */
    public double[] control(double[] values) {
      return sum(sync.control(), values);
    }

    /** Every task's {@code facts} (the same length on every task), by task. */
    public double[][] facts(double[] facts) {
      int n = facts.length;
      double[] mine = new double[n * sync.tasks()];
      System.arraycopy(facts, 0, mine, n * sync.rank(), n);
      double[] all = sum(sync.facts(), mine);
      double[][] byTask = new double[sync.tasks()][];
      for (int t = 0; t < byTask.length; t++) {
        byTask[t] = Arrays.copyOfRange(all, t * n, (t + 1) * n);
      }
      return byTask;
    }

    /** Task 0's {@code bytes} on every task (the others pass null). */
    public byte[] fromLeader(byte @Nullable [] bytes) {
      boolean leader = sync.rank() == 0;
      if (leader != (bytes != null)) {
        throw new IllegalArgumentException("task 0 and only task 0 sends: task " + sync.rank() + (leader ? " sent nothing" : " sent bytes"));
      }
      double length = sum(sync.stateLength(), new double[] {leader ? bytes.length : 0})[0];
      if (length == 0) {
        return new byte[0]; // Every task knows: no second collective (an empty one crashes TensorFlow's ring reducer).
      }
      double[] values = new double[(int) length];
      if (leader) {
        for (int i = 0; i < values.length; i++) {
          values[i] = bytes[i];
        }
      }
      double[] summed = sum(sync.state(), values);
      byte[] out = new byte[summed.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) summed[i];
      }
      return out;
    }

    /** Sets every variable (weights, optimizer slots, step counter) to task 0's value. */
    public void broadcastVariables() {
      session.runner().addTarget(sync.broadcast()).run();
    }
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
    if (train.shares() != null) {
      return inShares(train, train.shares(), reported, batch);
    }
    try (StepFeeds feeds = new StepFeeds(session.runner())) {
      for (CompiledModel.CompiledObjective objective : train.objectives()) {
        objective.compiled().feed(batch, feeds);
      }
      Session.Runner runner = feeds.runner();
      reported.fetches().forEach(runner::fetch);
      fetchUpdate(train, runner);
      try (Result result = runner.run()) {
        Map<String, Float> values = new LinkedHashMap<>();
        for (int i = 0; i < reported.names().size(); i++) {
          values.put(reported.names().get(i), Outputs.scalar(result.get(i)));
        }
        return updated(train, values, result, reported.names().size());
      }
    }
  }

  /**
   * What a step reports per batch, in fetch order: each objective's loss and metrics ({@code
   * NAME_METRIC}), then {@code total}; {@code summed} marks the values that add up over shares
   * (weighted-mean losses and the total; the others are averaged).
   */
  private record Reported(List<String> names, List<Operand<TFloat32>> fetches, List<Boolean> summed) {
    static Reported of(CompiledModel.TrainStep train) {
      List<String> summedLosses = train.shares() == null ? List.of() : train.shares().summed();
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

  /**
   * Fetches the update's reports after the batch's values (rate, norm, and with FP16 scale and
   * skip) and adds the train op; {@link #updated} reads them back.
   */
  private static void fetchUpdate(CompiledModel.TrainStep train, Session.Runner runner) {
    runner.fetch(train.learningRate()).fetch(train.gradientNorm());
    if (train.lossScale() != null) {
      runner.fetch(train.lossScale()).fetch(requireNonNull(train.skipped()));
    }
    runner.addTarget(train.train());
  }

  /** The step's result: {@code values}, and the update's reports in {@code result} from index {@code next} on. */
  private static StepResult updated(CompiledModel.TrainStep train, Map<String, Float> values, Result result, int next) {
    Float scale = train.lossScale() == null ? null : Outputs.scalar(result.get(next + 2));
    boolean skipped = train.lossScale() != null && Outputs.scalar(result.get(next + 3)) > 0;
    return new StepResult(
        values, Outputs.scalar(result.get(next)), Outputs.scalar(result.get(next + 1)), scale, skipped);
  }

  /**
   * A step in shares ({@link CompiledModel.Shares}): this task's rows of the batch split into
   * {@link MicroBatch}es; each one's weight sums counted (a run of the feeds alone), summed over
   * the micro-batches and, in a data-parallel run, over the tasks, so that every weighted-mean
   * loss divides by the global batch's sum; each micro-batch's forward and backward pass run (with
   * several, adding its gradients to the accumulators; with one, the update runs with it); then,
   * with several, the update in a last run (which sums the tasks' gradients). Reports the global
   * batch's losses (the shares' sums) and the shares' mean of every other value, the same on every
   * task.
   */
  private StepResult inShares(
      CompiledModel.TrainStep train, CompiledModel.Shares shares, Reported reported, StepBatch batch) {
    int count = shares.microBatches();
    int rows = model.spec().training().batchSize() / shares.tasks();
    Adam.Accumulate accumulate = shares.ops();
    List<StepFeeds> micro = new ArrayList<>();
    try {
      for (int m = 0; m < count; m++) {
        StepFeeds feeds = StepFeeds.kept();
        micro.add(feeds);
        StepBatch part = count == 1 ? batch : new MicroBatch(batch, m, count, rows);
        for (CompiledModel.CompiledObjective objective : train.objectives()) {
          objective.compiled().feed(part, feeds);
        }
      }
      List<Denominators.Denominator> denominators = shares.denominators();
      double[] sums = new double[denominators.size()];
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
        if (shares.weightSums() != null) {
          sums = sum(shares.weightSums(), sums);
        }
      }
      int n = reported.names().size();
      double[] values = new double[n];
      StepResult update = null; // The update's reports, its values still to come.
      for (int m = 0; m < count; m++) {
        try (StepFeeds run = new StepFeeds(micro.get(m).feedTo(session.runner()))) {
          if (shares.microBatch() != null) {
            run.feed(shares.microBatch(), TInt64.scalarOf(m));
          }
          for (int i = 0; i < sums.length; i++) {
            run.feed(denominators.get(i).override(), TFloat32.scalarOf((float) sums[i]));
          }
          Session.Runner runner = run.runner();
          reported.fetches().forEach(runner::fetch);
          if (accumulate == null) {
            fetchUpdate(train, runner);
          } else {
            runner.addTarget(m == 0 ? accumulate.first() : accumulate.next());
          }
          try (Result result = runner.run()) {
            for (int i = 0; i < n; i++) {
              float value = Outputs.scalar(result.get(i));
              values[i] += reported.summed().get(i) ? value : (double) value / (count * shares.tasks());
            }
            if (accumulate == null) {
              update = updated(train, Map.of(), result, n);
            }
          }
        }
      }
      if (accumulate != null) {
        Session.Runner runner = session.runner();
        fetchUpdate(train, runner);
        try (Result result = runner.run()) {
          update = updated(train, Map.of(), result, 0);
        }
      }
      if (shares.reported() != null) {
        values = sum(shares.reported(), values);
      }
      Map<String, Float> byName = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        byName.put(reported.names().get(i), (float) values[i]);
      }
      StepResult u = requireNonNull(update);
      return new StepResult(byName, u.learningRate(), u.gradientNorm(), u.lossScale(), u.skipped());
    } finally {
      micro.forEach(StepFeeds::close);
    }
  }

  /** The element-wise sum over the tasks of {@code values}: every task must call it with the same length. */
  private double[] sum(CompiledModel.FedSum collective, double[] values) {
    try (TFloat64 fed = TFloat64.vectorOf(values);
        Result result = session.runner().feed(collective.input(), fed).fetch(collective.output()).run()) {
      TFloat64 summed = (TFloat64) result.get(0);
      double[] out = new double[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = summed.getDouble(i);
      }
      return out;
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
