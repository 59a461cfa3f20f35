package org.unimo.tasks.training;

import org.unimo.dsl.TrainingSpec;

/**
 * The share of every global batch one task of a data-parallel run assembles: task {@code task} of
 * {@code tasks} takes rows {@code [task * B / tasks, (task + 1) * B / tasks)} of each step's batch
 * of {@code B = training.batch_size} examples of every kind. The tasks' slices, concatenated in task
 * order, are the batch one process assembles for the same spec; {@link #whole()} is that process.
 *
 * <pre>{@code
 * try (StepBatches mine = new StepBatches(model, source, tokenizer, TaskSlice.of(1, 2))) {
 *   StepBatch step = mine.at(1); // rows 4..7 of one process's batch of 8
 * }
 * }</pre>
 *
 * @param task this task, 0-based
 * @param tasks the tasks sharing each global batch
 */
public record TaskSlice(int task, int tasks) {
  private static final TaskSlice WHOLE = new TaskSlice(0, 1);

  /** @throws IllegalArgumentException unless {@code 0 <= task < tasks} */
  public TaskSlice {
    if (tasks < 1 || task < 0 || task >= tasks) {
      throw new IllegalArgumentException("task " + task + " of " + tasks + ": a task is numbered 0 to tasks - 1");
    }
  }

  /** Task {@code task} of {@code tasks}. */
  public static TaskSlice of(int task, int tasks) {
    return new TaskSlice(task, tasks);
  }

  /** One process assembling every row: today's single-task run. */
  public static TaskSlice whole() {
    return WHOLE;
  }

  /**
   * Examples of each kind this task assembles per step: {@code batch_size / tasks}.
   *
   * @throws IllegalArgumentException naming {@code training.batch_size} if it does not divide
   *     among the tasks, or among the tasks' micro-batches under gradient accumulation
   */
  public int rows(TrainingSpec training) {
    int batchSize = training.batchSize();
    int accumulation = Math.max(1, training.accumulationSteps());
    if (batchSize % tasks != 0) {
      throw new IllegalArgumentException(
          "training.batch_size: " + batchSize + " does not divide among " + tasks
              + " tasks: each task assembles batch_size / tasks examples of every global batch");
    }
    if (batchSize % (tasks * accumulation) != 0) {
      throw new IllegalArgumentException(
          "training.batch_size: " + batchSize + " does not divide among " + tasks + " tasks x " + accumulation
              + " micro-batches (training.accumulation_steps): each task's micro-batch has batch_size / (tasks *"
              + " accumulation_steps) examples");
    }
    return batchSize / tasks;
  }

  /** The row of the global batch this task's row 0 is ({@link #rows} checks the batch size). */
  public int first(TrainingSpec training) {
    return task * rows(training);
  }
}
