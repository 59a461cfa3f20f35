package org.unimo.tasks.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.TaskDataSpec;

class TaskSourceTest {
  private static Path write(Path file, String... lines) throws IOException {
    return Files.writeString(file, String.join("\n", lines) + "\n");
  }

  @Test
  void glueFilesBecomeTheTasksLabelSetAndItsValidationExamples(@TempDir Path dir) throws IOException {
    write(dir.resolve("train.tsv"), "sentence\tlabel", "a fine film\t1", "dull and long\t0", "superb\t1");
    write(dir.resolve("dev.tsv"), "sentence\tlabel", "not good\t0");
    TaskSource task =
        TaskSource.read(
            new TaskDataSpec("sst2", TaskDataSpec.Format.GLUE_SST2, List.of(dir.resolve("train.tsv").toString()), List.of(dir.resolve("dev.tsv").toString())),
            1);
    assertThat(task.labelSets()).containsExactly("sst2");
    assertThat(task.labels("other")).isEmpty();
    var set = task.labels("sst2").orElseThrow();
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.classes()).isEqualTo(2);
    assertThat(set.text(1)).isEqualTo("dull and long");
    assertThat(set.label(1)).isZero();
    assertThat(set.second(1)).isNull();
    assertThat(task.validation()).extracting(TaskSource.Example::text).containsExactly("not good");
    assertThat(task.fingerprintFile()).isEqualTo(dir.resolve("train.tsv"));
    assertThat(task.describe()).contains("3 training and 1 validation examples, 2 classes");
  }

  @Test
  void mnliPairsKeepTheirHypothesis(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("train.tsv"),
        "index\tsentence1\tsentence2\tgold_label",
        "0\tA man sleeps.\tA person rests.\tentailment",
        "1\tA man sleeps.\tA man runs.\tcontradiction");
    TaskSource task =
        TaskSource.read(new TaskDataSpec("mnli", TaskDataSpec.Format.GLUE_MNLI, List.of(dir.resolve("train.tsv").toString()), List.of()), 1);
    var set = task.labels("mnli").orElseThrow();
    assertThat(set.classes()).isEqualTo(3);
    assertThat(set.second(1)).isEqualTo("A man runs.");
    assertThat(set.label(1)).isEqualTo(2);
  }

  @Test
  void stsbScoresAreAScoredSetAndValidateByPearson(@TempDir Path dir) throws IOException {
    write(
        dir.resolve("train.tsv"),
        "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore",
        "0\tmain-captions\tMSRvid\t2012test\t0001\tnone\tnone\tA plane is taking off.\tAn air plane is taking off.\t5.000",
        "1\tmain-captions\tMSRvid\t2012test\t0004\tnone\tnone\tA man is playing a flute.\tA man is playing a bamboo flute.\t3.800");
    write(
        dir.resolve("dev.tsv"),
        "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore",
        "0\tmain-captions\tMSRvid\t2012test\t0000\tnone\tnone\tx\ty\t1.0",
        "1\tmain-captions\tMSRvid\t2012test\t0002\tnone\tnone\tz\tw\t2.0",
        "2\tmain-captions\tMSRvid\t2012test\t0003\tnone\tnone\tu\tv\t4.0");
    TaskSource task =
        TaskSource.read(
            new TaskDataSpec("stsb", TaskDataSpec.Format.GLUE_STSB, List.of(dir.resolve("train.tsv").toString()), List.of(dir.resolve("dev.tsv").toString())),
            1);
    assertThat(task.regression()).isTrue();
    var set = task.labels("stsb").orElseThrow();
    assertThat(set.classes()).isZero();
    assertThat(set.score(1)).isEqualTo(3.8f);
    assertThat(set.second(1)).isEqualTo("A man is playing a bamboo flute.");
    // Values 1, 2, 3 against scores 1, 2, 4: Pearson 0.98198 (numpy.corrcoef), Spearman 1.
    Validation.Score score =
        Validation.evaluate(7, task, task.validation(), textModel(texts -> {
          float[][] values = new float[texts.size()][];
          for (int i = 0; i < values.length; i++) {
            values[i] = new float[] {texts.get(i).equals("x") ? 1f : texts.get(i).equals("z") ? 2f : 3f};
          }
          return values;
        }));
    assertThat(score.metric()).isEqualTo("pearson");
    assertThat(score.value()).isCloseTo(0.981981, within(1e-6));
    assertThat(score.values().get("spearman")).isCloseTo(1.0, within(1e-12));
    assertThat(score.json("stsb")).isEqualTo("{\"step\": 7, \"validation\": {\"task\": \"stsb\", \"pearson\": 0.9820, \"spearman\": 1.0000, \"examples\": 3}}");
  }

  @Test
  void colaIsDecidedByMatthewsCorrelation(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("train.tsv"), "gj04\t1\t\tOur friends won't buy this analysis.\ngj04\t0\t*\tThey drank the pub.\n");
    Files.writeString(dir.resolve("dev.tsv"), "gj04\t1\t\tx\ngj04\t1\t\ty\ngj04\t1\t\tz\ngj04\t0\t*\tw\n");
    TaskSource task =
        TaskSource.read(
            new TaskDataSpec("cola", TaskDataSpec.Format.GLUE_COLA, List.of(dir.resolve("train.tsv").toString()), List.of(dir.resolve("dev.tsv").toString())),
            1);
    // Always "acceptable": accuracy 0.75, but Matthews correlation 0 (it tells nothing apart).
    Validation.Score score = Validation.evaluate(1, task, task.validation(), predicting(List.of("x", "y", "z", "w")));
    assertThat(score.metric()).isEqualTo("mcc");
    assertThat(score.value()).isZero();
    assertThat(score.values()).containsEntry("accuracy", 0.75);
  }

  @Test
  void aMissingFileOrAMalformedRowIsNamed(@TempDir Path dir) throws IOException {
    assertThatThrownBy(
            () -> TaskSource.read(new TaskDataSpec("sst2", TaskDataSpec.Format.GLUE_SST2, List.of(dir.resolve("none.tsv").toString()), List.of()), 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("none.tsv");
    write(dir.resolve("bad.tsv"), "sentence\tlabel", "fine\t7");
    assertThatThrownBy(
            () -> TaskSource.read(new TaskDataSpec("sst2", TaskDataSpec.Format.GLUE_SST2, List.of(dir.resolve("bad.tsv").toString()), List.of()), 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.tsv:2");
  }

  @Test
  void validationKeepsTheBestScoreAndStopsAfterItsPatience(@TempDir Path dir) throws IOException {
    write(dir.resolve("train.tsv"), "sentence\tlabel", "a\t1", "b\t0");
    write(dir.resolve("dev.tsv"), "sentence\tlabel", "x\t1", "y\t0", "z\t1", "w\t0");
    TaskSource task =
        TaskSource.read(
            new TaskDataSpec("sst2", TaskDataSpec.Format.GLUE_SST2, List.of(dir.resolve("train.tsv").toString()), List.of(dir.resolve("dev.tsv").toString())),
            1);
    Validation validation = Validation.of(task, 2, dir);
    // Class 1 for the texts named, 0 for the others: x right, y wrong, z wrong, w right is 0.5.
    assertThat(validation.score(10, predicting(List.of("x", "y")))).isTrue();
    assertThat(validation.last().value()).isEqualTo(0.5);
    assertThat(validation.last().values().get("mcc")).isCloseTo(0.0, within(1e-12));
    assertThat(validation.score(20, predicting(List.of("x", "z")))).isTrue();
    assertThat(validation.best().step()).isEqualTo(20);
    assertThat(validation.best().values()).containsEntry("mcc", 1.0).containsEntry("accuracy", 1.0);
    assertThat(validation.score(30, predicting(List.of("x")))).isFalse();
    assertThat(validation.exhausted()).isFalse();
    assertThat(validation.score(40, predicting(List.of()))).isFalse();
    assertThat(validation.exhausted()).isTrue();
    // A resumed run compares against the recorded best.
    Validation resumed = Validation.of(task, 2, dir);
    assertThat(resumed.best()).isEqualTo(validation.best());
    assertThat(resumed.score(50, predicting(List.of("x")))).isFalse();
  }

  private static Validation.HeadModel predicting(List<String> ones) {
    return textModel(texts -> {
      List<float[]> rows = new ArrayList<>();
      for (String text : texts) {
        rows.add(ones.contains(text) ? new float[] {0.2f, 0.8f} : new float[] {0.9f, 0.1f});
      }
      return rows.toArray(new float[0][]);
    });
  }

  @Test
  void aTaskWithoutValidationExamplesCannotBeScored(@TempDir Path dir) throws IOException {
    write(dir.resolve("train.tsv"), "sentence\tlabel", "a\t1");
    TaskSource task =
        TaskSource.read(new TaskDataSpec("sst2", TaskDataSpec.Format.GLUE_SST2, List.of(dir.resolve("train.tsv").toString()), List.of()), 1);
    assertThatThrownBy(() -> Validation.of(task, 0, dir)).hasMessageContaining("data.task.validation");
  }

  /** A model of a text head whose outputs {@code outputs} computes from the texts alone. */
  static Validation.HeadModel textModel(java.util.function.Function<List<String>, float[][]> outputs) {
    return new Validation.HeadModel() {
      @Override
      public float[][] predict(List<String> texts, List<@org.jspecify.annotations.Nullable String> seconds) {
        return outputs.apply(texts);
      }

      @Override
      public float[][] predictWithImages(List<String> texts, List<org.unimo.graph.ImageRegions> images) {
        throw new UnsupportedOperationException("a text head");
      }

      @Override
      public float[][] embedTexts(List<String> texts) {
        throw new UnsupportedOperationException("a text head");
      }

      @Override
      public float[][] embedImages(List<org.unimo.graph.ImageRegions> images) {
        throw new UnsupportedOperationException("a text head");
      }
    };
  }
}
