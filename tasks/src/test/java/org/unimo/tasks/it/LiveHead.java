package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.ImageRegions;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.training.Trainer;
import org.unimo.tasks.training.TrainingRun;

/**
 * A fine-tuning run's head as its training graph computes it, reopened in the test's process from
 * the run directory (its spec, tokenizer and last checkpoint), to compare with what {@code unimo
 * predict} computes from the exported SavedModel in a fresh process.
 */
final class LiveHead {
  private LiveHead() {}

  /**
   * What generation head {@code head} of the run's last checkpoint generates for {@code examples}
   * with {@code settings}: captions of their distinct images, in order, for a captioning head;
   * targets of their sources for a text-to-text head.
   */
  static List<String> generate(Path run, String head, List<TaskSource.Example> examples, DecodingSpec settings) throws Exception {
    ModelSpec spec = ModelSpec.read(run.resolve(TrainingRun.SPEC_FILE));
    try (TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
        TrainingRun reopened = TrainingRun.prepare(spec, task, run)) {
      reopened.train(Trainer.Options.of(false, true), m -> {});
      if (examples.get(0).image() != null) {
        List<ImageRegions> images = examples.stream().map(e -> e.image()).distinct().map(task::image).toList();
        return reopened.generate(head, List.of(), List.of(), images, settings);
      }
      List<String> seconds = new ArrayList<>();
      examples.forEach(e -> seconds.add(e.second()));
      return reopened.generate(head, examples.stream().map(TaskSource.Example::text).toList(), seconds, null, settings);
    }
  }

  /**
   * Asserts that {@code predictions} ({@code unimo predict}'s output lines, one per example, with
   * "probabilities") equal the training graph's class probabilities of {@code examples} within
   * 1e-5. The run's best weights must be its last (its best validation score at its last step).
   */
  static void assertSameProbabilities(Path run, String head, List<TaskSource.Example> examples, Path predictions) throws Exception {
    ModelSpec spec = ModelSpec.read(run.resolve(TrainingRun.SPEC_FILE));
    TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
    float[][] live;
    try (TrainingRun reopened = TrainingRun.prepare(spec, task, run)) {
      // Restores the last checkpoint; the run is finished, so no step is taken.
      reopened.train(Trainer.Options.of(false, true), m -> {});
      List<String> texts = examples.stream().map(TaskSource.Example::text).toList();
      if (examples.get(0).image() != null) {
        List<ImageRegions> images = examples.stream().map(e -> task.image(e.image())).toList();
        live = reopened.predict(head, texts, images);
      } else {
        List<String> seconds = new ArrayList<>();
        examples.forEach(e -> seconds.add(e.second()));
        live = reopened.predict(head, texts, seconds);
      }
    }
    List<String> lines = Files.readAllLines(predictions);
    assertThat(lines).hasSize(examples.size());
    for (int i = 0; i < lines.size(); i++) {
      JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
      JsonArray probabilities = line.getAsJsonArray("probabilities");
      assertThat(probabilities.size()).isEqualTo(live[i].length);
      for (int c = 0; c < live[i].length; c++) {
        assertThat(probabilities.get(c).getAsFloat()).as("example %d, class %d", i, c).isCloseTo(live[i][c], within(1e-5f));
      }
    }
  }
}
