package org.unimo.graph.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.unimo.graph.Losses;
import org.unimo.graph.distributed.Collectives.Reduction;

/**
 * Two tasks in this JVM (two servers on loopback, a graph and a session each) train like one
 * process on the whole batch. Each task runs on its own thread: a collective blocks until every
 * task has joined it.
 */
class DataParallelTest {
  private static final int TASKS = 2;
  private static final int BATCH = 8;
  private static final int STEPS = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static List<TaskServer> servers = List.of();
  private static ExecutorService threads;

  @BeforeAll
  static void startCluster() {
    servers = LoopbackCluster.startAll(TASKS);
    threads = Executors.newFixedThreadPool(TASKS);
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** What a training step builds: feeds, trainable variables, the loss to report and the update. */
  private record Model(List<Placeholder<TFloat32>> inputs, List<Variable<TFloat32>> variables, Operand<TFloat32> loss, Op train) {}

  private interface Builder {
    Model build(Ops tf, int rows, int rank, @Nullable Collectives collectives);
  }

  /** Per task: the loss of every step and the variables at the end. */
  private record Run(List<Float> losses, List<float[]> variables, List<Long> stepNanos) {}

  @Test
  void averagedGradientsTrainLikeOneProcessOnTheWholeBatch() throws Exception {
    // Each task's loss is the mean over its half; the reported loss is their mean.
    assertTrainsLikeOneProcess("mlp", DataParallelTest::mlp, 11, 1, 1e-6f);
  }

  @Test
  void gatheredNegativesTrainLikeOneProcessOnTheWholeBatch() throws Exception {
    assertTrainsLikeOneProcess("contrastive", DataParallelTest::contrastive, 23, 2, 1e-5f);
  }

  /**
   * {@code model} trained on the cluster (collective group {@code groupKey}) ends with one
   * process's variables and reports its losses within {@code tolerance}, and it learns.
   */
  private static void assertTrainsLikeOneProcess(String name, Builder model, long seed, int groupKey, float tolerance)
      throws Exception {
    Run single = trainAlone(model, seed);
    List<Run> tasks = trainOnCluster(model, seed, groupKey);
    for (Run task : tasks) {
      assertThat(maxDifference(task.variables(), single.variables())).isLessThan(tolerance);
      for (int s = 0; s < STEPS; s++) {
        assertThat(task.losses().get(s)).isCloseTo(single.losses().get(s), within(tolerance));
      }
    }
    assertThat(single.losses().get(STEPS - 1)).isLessThan(single.losses().get(0));
    report(name, single, tasks);
  }

  /** A 3-4-1 tanh MLP, squared error, plain SGD; gradients averaged over the tasks. */
  private static Model mlp(Ops tf, int rows, int rank, @Nullable Collectives collectives) {
    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(rows, 3)));
    Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(rows, 1)));
    Variable<TFloat32> w1 = tf.variable(tf.constant(matrix(3, 4, 0.3f)));
    Variable<TFloat32> b1 = tf.variable(tf.constant(new float[] {0.1f, -0.1f, 0.05f, 0f}));
    Variable<TFloat32> w2 = tf.variable(tf.constant(matrix(4, 1, -0.5f)));
    Variable<TFloat32> b2 = tf.variable(tf.constant(new float[] {0.2f}));
    Operand<TFloat32> hidden = tf.math.tanh(tf.math.add(tf.linalg.matMul(x, w1), b1));
    Operand<TFloat32> out = tf.math.add(tf.linalg.matMul(hidden, w2), b2);
    Operand<TFloat32> loss = tf.math.mean(tf.math.square(tf.math.sub(out, y)), tf.constant(new int[] {0, 1}));
    return sgd(tf, List.of(x, y), List.of(w1, b1, w2, b2), loss, 0.1f, collectives);
  }

  /**
   * Two towers (3 to 2 and 4 to 2) and a symmetric in-batch contrastive loss: each task's anchors
   * against the candidates of every task (all-gathered), its positive at its global row.
   */
  private static Model contrastive(Ops tf, int rows, int rank, @Nullable Collectives collectives) {
    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(rows, 3)));
    Placeholder<TFloat32> z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(rows, 4)));
    Variable<TFloat32> textTower = tf.variable(tf.constant(matrix(3, 2, 0.4f)));
    Variable<TFloat32> imageTower = tf.variable(tf.constant(matrix(4, 2, -0.3f)));
    Operand<TFloat32> text = tf.linalg.matMul(x, textTower);
    Operand<TFloat32> image = tf.linalg.matMul(z, imageTower);
    Operand<TFloat32> allText = collectives == null ? text : collectives.allGather(tf, text);
    Operand<TFloat32> allImage = collectives == null ? image : collectives.allGather(tf, image);
    int[] positives = new int[rows];
    for (int i = 0; i < rows; i++) {
      positives[i] = rank * rows + i;
    }
    Operand<TFloat32> textToImage = tf.math.mul(tf.linalg.matMul(text, allImage, MatMul.transposeB(true)), tf.constant(2f));
    Operand<TFloat32> imageToText = tf.math.mul(tf.linalg.matMul(image, allText, MatMul.transposeB(true)), tf.constant(2f));
    Operand<TFloat32> loss =
        tf.math.mul(
            tf.math.add(
                tf.math.mean(Losses.tokenCrossEntropy(tf, textToImage, tf.constant(positives)), tf.constant(0)),
                tf.math.mean(Losses.tokenCrossEntropy(tf, imageToText, tf.constant(positives)), tf.constant(0))),
            tf.constant(0.5f));
    return sgd(tf, List.of(x, z), List.of(textTower, imageTower), loss, 0.5f, collectives);
  }

  /**
   * SGD on the gradients of {@code loss} (this task's share: the global loss is the tasks' mean),
   * averaged over the tasks; the reported loss is averaged too. No update starts before every
   * gradient and the loss are computed.
   */
  private static Model sgd(
      Ops tf,
      List<Placeholder<TFloat32>> inputs,
      List<Variable<TFloat32>> variables,
      Operand<TFloat32> loss,
      float rate,
      @Nullable Collectives collectives) {
    var gradients = tf.gradients(loss, variables);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      grads.add(gradients.<TFloat32>dy(i));
    }
    Operand<TFloat32> reported = loss;
    if (collectives != null) {
      grads = collectives.allReduce(tf, grads, Reduction.MEAN);
      reported = collectives.allReduce(tf, loss, Reduction.MEAN);
    }
    List<Op> computed = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      computed.add(tf.identity(g));
    }
    computed.add(tf.identity(reported));
    Ops gated = tf.withControlDependencies(computed);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      updates.add(gated.assignSub(variables.get(i), gated.math.mul(grads.get(i), gated.constant(rate))));
    }
    return new Model(inputs, variables, reported, tf.withControlDependencies(updates).noOp());
  }

  private static Run trainAlone(Builder builder, long seed) {
    try (Graph graph = new Graph()) {
      Model model = builder.build(Ops.create(graph), BATCH, 0, null);
      try (Session session = new Session(graph)) {
        return train(session, model, seed, 0, BATCH);
      }
    }
  }

  private static List<Run> trainOnCluster(Builder builder, long seed, int groupKey) throws Exception {
    return onEachTask(
        task -> {
          TaskServer server = servers.get(task);
          try (Graph graph = new Graph()) {
            Collectives collectives = Collectives.of(TASKS, task, groupKey, TIMEOUT);
            Model model = builder.build(Ops.create(graph), BATCH / TASKS, task, collectives);
            try (Session session = server.openSession(graph, ConfigProto.getDefaultInstance())) {
              return train(session, model, seed, task * BATCH / TASKS, BATCH / TASKS);
            }
          }
        });
  }

  /** Steps on rows [first, first + rows) of each step's global batch; the batch depends on seed and step only. */
  private static Run train(Session session, Model model, long seed, int first, int rows) {
    List<Float> losses = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      Random random = new Random(seed * 1000 + step);
      Session.Runner runner = session.runner();
      List<Tensor> fed = new ArrayList<>();
      for (Placeholder<TFloat32> input : model.inputs()) {
        int columns = (int) input.shape().size(1);
        float[][] global = new float[BATCH][columns];
        for (float[] row : global) {
          for (int c = 0; c < columns; c++) {
            row[c] = (float) random.nextGaussian();
          }
        }
        float[][] mine = java.util.Arrays.copyOfRange(global, first, first + rows);
        TFloat32 tensor = TFloat32.tensorOf(StdArrays.ndCopyOf(mine));
        fed.add(tensor);
        runner.feed(input, tensor);
      }
      long start = System.nanoTime();
      try (Result result = runner.fetch(model.loss()).addTarget(model.train()).run()) {
        nanos.add(System.nanoTime() - start);
        losses.add(((TFloat32) result.get(0)).getFloat());
      } finally {
        fed.forEach(Tensor::close);
      }
    }
    List<float[]> variables = new ArrayList<>();
    for (Variable<TFloat32> variable : model.variables()) {
      try (Result result = session.runner().fetch(variable).run()) {
        TFloat32 value = (TFloat32) result.get(0);
        float[] values = new float[(int) value.size()];
        value.copyTo(DataBuffers.of(values, false, false));
        variables.add(values);
      }
    }
    return new Run(losses, variables, nanos);
  }

  /** Runs {@code work} for every task at once, each on its own thread; waits for all. */
  private static <R> List<R> onEachTask(IntFunction<R> work) throws Exception {
    List<Future<R>> futures = new ArrayList<>();
    for (int task = 0; task < TASKS; task++) {
      int t = task;
      futures.add(threads.submit(() -> work.apply(t)));
    }
    List<R> results = new ArrayList<>();
    for (Future<R> future : futures) {
      results.add(future.get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
    return results;
  }

  private static float[][] matrix(int rows, int columns, float scale) {
    float[][] m = new float[rows][columns];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        m[r][c] = scale * (float) Math.sin(1 + r * columns + c);
      }
    }
    return m;
  }

  private static double maxDifference(List<float[]> a, List<float[]> b) {
    double max = 0;
    for (int v = 0; v < a.size(); v++) {
      for (int i = 0; i < a.get(v).length; i++) {
        max = Math.max(max, Math.abs(a.get(v)[i] - b.get(v)[i]));
      }
    }
    return max;
  }

  private static void report(String name, Run single, List<Run> tasks) {
    double difference = 0;
    for (Run task : tasks) {
      difference = Math.max(difference, maxDifference(task.variables(), single.variables()));
    }
    System.out.printf(
        "%s: loss %.6f -> %.6f, max |variable difference| %.3g after %d steps; median step %.2f ms alone, %.2f ms"
            + " on 2 tasks (task 0; first step %.1f ms)%n",
        name,
        single.losses().get(0),
        single.losses().get(STEPS - 1),
        difference,
        STEPS,
        median(single.stepNanos()) / 1e6,
        median(tasks.get(0).stepNanos()) / 1e6,
        tasks.get(0).stepNanos().get(0) / 1e6);
  }

  private static double median(List<Long> nanos) {
    List<Long> sorted = nanos.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
