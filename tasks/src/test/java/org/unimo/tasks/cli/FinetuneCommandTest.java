package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unimo.tasks.cli.MainTest.unimo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;

/** unimo finetune's, eval's and predict's refusals: each exits 2 naming what is wrong, and leaves no run. */
class FinetuneCommandTest {
  private static final Path CONFIG = Path.of("..", "examples", "configs", "spam-minilm.textproto");

  @Test
  void aNewRunNeedsInitATaskAndOneHeadOnIt(@TempDir Path dir) throws Exception {
    MainTest.Run noInit = unimo("finetune", "--config", CONFIG.toString(), "--out", dir.resolve("a").toString());
    assertThat(noInit.status()).isEqualTo(2);
    assertThat(noInit.err()).contains("--init is required");

    Path pretraining = dir.resolve("tiny.textproto");
    Files.writeString(pretraining, ModelSpec.read(Path.of("..", "examples", "configs", "tiny.textproto")).toTextProto());
    MainTest.Run noTask =
        unimo("finetune", "--config", pretraining.toString(), "--init", dir.toString(), "--out", dir.resolve("b").toString());
    assertThat(noTask.status()).isEqualTo(2);
    assertThat(noTask.err()).contains("no data.task");

    Path otherLabels = dir.resolve("other.textproto");
    ModelSpec spec = ModelSpec.read(CONFIG);
    Files.writeString(
        otherLabels,
        spec.toBuilder().taskData(t -> t.name("ham").format(TaskDataSpec.Format.SPAM_ASSASSIN)).build().toTextProto());
    MainTest.Run noHead =
        unimo("finetune", "--config", otherLabels.toString(), "--init", dir.toString(), "--out", dir.resolve("c").toString());
    assertThat(noHead.status()).isEqualTo(2);
    assertThat(noHead.err()).contains("no head of the config trains on task 'ham'").contains("labels: \"ham\"");
    Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
    MainTest.Run noModel =
        unimo("finetune", "--config", CONFIG.toString(), "--init", empty.toString(), "--out", dir.resolve("d").toString());
    assertThat(noModel.status()).isEqualTo(2);
    assertThat(noModel.err()).contains("not an import directory (import.json), a run directory with export/, or a SavedModel export");
    assertThat(dir.resolve("d")).doesNotExist();
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
    assertThat(dir.resolve("c")).doesNotExist();
  }

  @Test
  void evalAndPredictNameTheirBadArguments(@TempDir Path dir) throws Exception {
    MainTest.Run task = unimo("eval", "--model", dir.toString(), "--task", "qqp", "--data", "x.tsv");
    assertThat(task.status()).isEqualTo(2);
    assertThat(task.err()).contains("--task: expected sst2, cola, mnli, stsb or spam, got 'qqp'");
    MainTest.Run split = unimo("eval", "--model", dir.toString(), "--task", "sst2", "--data", "x.tsv", "--split", "test");
    assertThat(split.status()).isEqualTo(2);
    assertThat(split.err()).contains("--split is for spam");
    MainTest.Run signature =
        unimo("predict", "--model", dir.toString(), "--signature", "score", "--input", "in.jsonl", "--output", "out.jsonl");
    assertThat(signature.status()).isEqualTo(2);
    assertThat(signature.err()).contains("--signature: expected classify_HEAD, regress_HEAD or embed_text");
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"text\": \"fine\"}\n{\"txt\": 2}\n");
    MainTest.Run line =
        unimo("predict", "--model", dir.toString(), "--signature", "embed_text", "--input", input.toString(), "--output", dir.resolve("out.jsonl").toString());
    assertThat(line.status()).isEqualTo(2);
    assertThat(line.err()).contains("in.jsonl:2").contains("needs a string \"text\"");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }
}
