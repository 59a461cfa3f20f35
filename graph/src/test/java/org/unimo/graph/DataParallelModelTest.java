package org.unimo.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.distributed.DataParallel;
import org.unimo.graph.distributed.LoopbackCluster;
import org.unimo.graph.distributed.TaskServer;
import org.unimo.graph.objective.MicroBatch;

/**
 * Two tasks of a data-parallel run (two servers on loopback, each task's replica compiled with
 * {@link CompileOptions#replicated} and stepped on its half of every batch, on its own thread)
 * report the losses and end with the variables of one process on the whole batch: every objective,
 * CMCL's candidates gathered across the tasks.
 */
class DataParallelModelTest {
  private static final int TASKS = 2;
  private static final int STEPS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static ExecutorService threads;

  @BeforeAll
  static void startThreads() {
    threads = Executors.newFixedThreadPool(TASKS);
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** Every objective that averages over items, CMCL included (gathered across the tasks); no dropout. */
  private static ModelSpec.Builder spec() {
    return AccumulationTest.spec().cmcl(c -> c.weight(1f));
  }

  private record Run(List<LiveModel.StepResult> steps, Map<String, float[]> variables) {}

  private static Run alone(ModelSpec spec) {
    try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training());
        LiveModel live = LiveModel.open(model)) {
      List<LiveModel.StepResult> results = new ArrayList<>();
      for (int s = 1; s <= STEPS; s++) {
        results.add(live.step(TinyBatches.batch(s), null));
      }
      return new Run(results, AccumulationTest.variables(live));
    }
  }

  private static Run task(ModelSpec spec, TaskServer server, int rank, boolean gather) {
    CompileOptions options = CompileOptions.training().replicated(new DataParallel(TASKS, rank, TIMEOUT, gather));
    try (CompiledModel model = ModelCompiler.compile(spec, options);
        LiveModel live = LiveModel.open(model, server)) {
      LiveModel.TaskSync sync = live.taskSync().orElseThrow();
      sync.broadcastVariables();
      List<LiveModel.StepResult> results = new ArrayList<>();
      for (int s = 1; s <= STEPS; s++) {
        results.add(live.step(new MicroBatch(TinyBatches.batch(s), rank, TASKS, TinyBatches.BATCH), null));
      }
      return new Run(results, AccumulationTest.variables(live));
    }
  }

  private static List<Run> onCluster(ModelSpec spec, boolean gather) throws Exception {
    // New servers for each run: a server keeps what it resolved about each collective instance
    // (its shape, for one), and a second graph's instance of the same key may have another shape.
    List<TaskServer> servers = LoopbackCluster.startAll(TASKS);
    List<Future<Run>> futures = new ArrayList<>();
    for (int rank = 0; rank < TASKS; rank++) {
      int r = rank;
      futures.add(threads.submit(() -> task(spec, servers.get(r), r, gather)));
    }
    List<Run> runs = new ArrayList<>();
    for (Future<Run> future : futures) {
      runs.add(future.get(5, TimeUnit.MINUTES));
    }
    return runs;
  }

  private static void assertSame(Run expected, Run actual, String what) {
    assertSame(expected, actual, what, List.of());
  }

  /** As above, leaving out the reported values in {@code unlike}. */
  private static void assertSame(Run expected, Run actual, String what, List<String> unlike) {
    for (int s = 0; s < STEPS; s++) {
      Map<String, Float> want = expected.steps().get(s).values();
      Map<String, Float> got = actual.steps().get(s).values();
      assertThat(got.keySet()).isEqualTo(want.keySet());
      int step = s + 1;
      want.forEach((name, value) -> {
        if (!unlike.contains(name)) {
          assertThat(got.get(name)).as("%s step %d %s", what, step, name).isCloseTo(value, within(1e-5f * Math.max(1f, Math.abs(value))));
        }
      });
      assertThat(actual.steps().get(s).gradientNorm())
          .as("%s step %d gradient norm", what, step)
          .isCloseTo(expected.steps().get(s).gradientNorm(), within(1e-4f * expected.steps().get(s).gradientNorm()));
    }
    expected.variables().forEach((name, values) -> {
      float[] got = actual.variables().get(name);
      for (int i = 0; i < values.length; i++) {
        assertThat(got[i]).as("%s %s[%d]", what, name, i).isCloseTo(values[i], within(1e-5f));
      }
    });
  }

  @Test
  void twoTasksTrainLikeOneProcessOnTheWholeBatch() throws Exception {
    ModelSpec spec = spec().build();
    Run one = alone(spec);
    List<Run> tasks = onCluster(spec, true);
    assertSame(one, tasks.get(0), "task 0");
    assertSame(one, tasks.get(1), "task 1");
  }

  @Test
  void withoutGatheringEachTaskContrastsItsOwnHalf() throws Exception {
    ModelSpec spec = spec().build();
    float whole = alone(spec).steps().get(0).values().get("cmcl");
    List<Run> tasks = onCluster(spec, false);
    float perTask = tasks.get(0).steps().get(0).values().get("cmcl");
    // Fewer negatives (1 other pair instead of 3): a different, lower loss, the same on both tasks.
    assertThat(perTask).isLessThan(whole - 0.1f);
    assertThat(tasks.get(1).steps().get(0).values().get("cmcl")).isEqualTo(perTask);
  }

  @Test
  void tasksAndMicroBatchesTogetherTrainLikeOneProcess() throws Exception {
    // CMCL weighs nothing (its reported loss differs): under accumulation its candidates are each
    // micro-batch's.
    ModelSpec spec = spec().cmcl(c -> c.weight(0f)).training(t -> t.accumulationSteps(2)).build();
    Run one = alone(spec().cmcl(c -> c.weight(0f)).build());
    List<Run> tasks = onCluster(spec, true);
    assertSame(one, tasks.get(0), "task 0", List.of("cmcl"));
    assertSame(one, tasks.get(1), "task 1", List.of("cmcl"));
  }
}
