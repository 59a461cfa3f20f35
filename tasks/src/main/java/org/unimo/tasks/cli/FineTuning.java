package org.unimo.tasks.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.unimo.dsl.HeadSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.data.DataSource;
import org.unimo.tasks.finetune.HeadModels;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.finetune.Validation;
import org.unimo.tasks.training.TrainingRun;

/**
 * What {@code unimo finetune} adds to a training run: the head that trains on the spec's task,
 * its validation scores, the best-scoring weights exported to {@value #BEST} (replaced, through a
 * temporary sibling, whenever a score beats the best), and early stopping.
 */
final class FineTuning {
  /** The SavedModel of the best validation score, in the run directory. */
  static final String BEST = "best";

  private final String head;
  /** The task's name, which the validation lines carry. */
  private final String task;
  private final Validation validation;
  private final int patience;
  private final TrainingRun run;
  private final Path runDir;

  private FineTuning(String head, String task, Validation validation, int patience, TrainingRun run, Path runDir) {
    this.head = head;
    this.task = task;
    this.validation = validation;
    this.patience = patience;
    this.run = run;
    this.runDir = runDir;
  }

  /**
   * @throws UsageException if the spec names no task, or no classification head trains on it
   */
  static FineTuning of(ModelSpec spec, DataSource data, CommandLine line, Path runDir, TrainingRun run)
      throws IOException, UsageException {
    if (!(data instanceof TaskSource task)) {
      throw new UsageException("the config has no data.task: a fine-tuning config names the task its head trains on");
    }
    String head = headOf(spec);
    Integer patience = Args.positiveInt(line, "patience");
    int p = patience == null ? 0 : patience;
    return new FineTuning(head, task.name(), Validation.of(task, p, runDir), p, run, runDir);
  }

  /**
   * The classification head whose {@code labels} name the spec's task.
   *
   * @throws UsageException if the spec has no {@code data.task}, or not one head trains on it
   */
  static String headOf(ModelSpec spec) throws UsageException {
    String task =
        spec.data().task()
            .orElseThrow(() -> new UsageException("the config has no data.task: a fine-tuning config names the task its head trains on"))
            .name();
    List<String> heads =
        spec.heads().stream()
            .filter(h -> h.labels().equals(task))
            .map(HeadSpec::name)
            .toList();
    if (heads.size() != 1) {
      throw new UsageException(
          (heads.isEmpty() ? "no head of the config trains" : heads.size() + " heads of the config (" + String.join(", ", heads) + ") train")
              + " on task '" + task + "' (data.task.name): declare one head with labels: \"" + task + "\""
              + " (sequence_classification or sequence_regression for a text task, image_text_classification for"
              + " visual entailment, vqa, retrieval or captioning for images, text_to_text for source-target text)");
    }
    return heads.get(0);
  }

  int patience() {
    return patience;
  }

  boolean exhausted() {
    return validation.exhausted();
  }

  /** Scores the head at {@code step}, prints the line, and exports the weights when they are the best yet. */
  void score(long step, PrintStream out) {
    try {
      boolean better = validation.score(step, HeadModels.live(run, head));
      out.println(validation.last().json(task));
      if (better) {
        exportBest();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Exports the current weights into {@value #BEST}: a temporary sibling, then renamed over the old one. */
  private void exportBest() throws IOException {
    Path best = runDir.resolve(BEST);
    Path fresh = runDir.resolve(BEST + ".tmp");
    if (Files.exists(fresh)) {
      MoreFiles.deleteRecursively(fresh, RecursiveDeleteOption.ALLOW_INSECURE);
    }
    run.export(fresh);
    Path old = runDir.resolve(BEST + ".old");
    if (Files.exists(best)) {
      Files.move(best, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(fresh, best, StandardCopyOption.ATOMIC_MOVE);
    if (Files.exists(old)) {
      MoreFiles.deleteRecursively(old, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** One line on the best validation score and where its SavedModel is. */
  String describeBest() {
    Validation.Score best = validation.best();
    return best == null
        ? "no validation score"
        : String.format(
            Locale.ROOT,
            "best validation score (%s) at step %d of %d examples; its SavedModel is in %s",
            best.describe(),
            best.step(),
            best.examples(),
            runDir.resolve(BEST));
  }
}
