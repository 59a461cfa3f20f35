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
  void aNewRunNeedsAVocabularyATaskAndOneHeadOnIt(@TempDir Path dir) throws Exception {
    MainTest.Run noInit = unimo("finetune", "--config", CONFIG.toString(), "--out", dir.resolve("a").toString());
    assertThat(noInit.status()).isEqualTo(2);
    assertThat(noInit.err()).contains("WORDPIECE needs its vocabulary").contains("--tokenizer DIR");

    Path pretraining = dir.resolve("tiny.textproto");
    Files.writeString(pretraining, ModelSpec.read(Path.of("..", "examples", "configs", "tiny.textproto")).toTextProto());
    MainTest.Run noTask =
        unimo("finetune", "--config", pretraining.toString(), "--out", dir.resolve("b").toString());
    assertThat(noTask.status()).isEqualTo(2);
    assertThat(noTask.err()).contains("no data.task");

    Path otherLabels = dir.resolve("other.textproto");
    ModelSpec spec = ModelSpec.read(CONFIG);
    Files.writeString(
        otherLabels,
        spec.toBuilder().taskData(t -> t.name("ham").format(TaskDataSpec.Format.SPAM_ASSASSIN)).build().toTextProto());
    MainTest.Run noHead =
        unimo("finetune", "--config", otherLabels.toString(), "--out", dir.resolve("c").toString());
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

  /**
   * Pre-training then fine-tuning, in process: a tiny text model pre-trains 2 steps, a classifier is
   * fine-tuned from that run on an SST-2 file, scored every step, and stops at its first score that
   * does not beat the best (patience 1), a finished run with its best weights exported.
   */
  @Test
  void fineTuningFromAPretrainingRunStopsEarly(@TempDir Path dir) throws Exception {
    StringBuilder corpus = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      corpus.append("the film number ").append(i).append(" was shown today\n");
    }
    Path text = Files.writeString(dir.resolve("corpus.txt"), corpus);
    ModelSpec base =
        ModelSpec.builder("text")
            .text(t -> t.byteBpe(300).maxLength(16))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(16))
            .maskedLm(m -> m.maxPredictions(2))
            .optimizer(o -> o.warmupSteps(1))
            .training(t -> t.batchSize(4).steps(2))
            .dataFiles(d -> d.text(text.toString()))
            .compile(c -> c.xla(org.unimo.dsl.XlaMode.OFF))
            .build();
    Path pretrainConfig = Files.writeString(dir.resolve("pretrain.textproto"), base.toTextProto());
    MainTest.Run pretrained =
        unimo(
            "pretrain", "--config", pretrainConfig.toString(), "--out", dir.resolve("pretrained").toString(),
            "--cache", dir.resolve("cache").toString(), "--no-progress");
    assertThat(pretrained.status()).as(pretrained.err()).isZero();

    StringBuilder train = new StringBuilder("sentence\tlabel\n");
    StringBuilder dev = new StringBuilder("sentence\tlabel\n");
    String[] words = {"good", "fine", "great", "bad", "poor", "awful"};
    for (int i = 0; i < 48; i++) {
      String word = words[i % words.length];
      (i < 36 ? train : dev).append("a ").append(word).append(" film ").append(i).append('\t').append(i % words.length < 3 ? 1 : 0).append('\n');
    }
    Files.writeString(dir.resolve("train.tsv"), train);
    Files.writeString(dir.resolve("dev.tsv"), dev);
    ModelSpec tuned =
        ModelSpec.builder("sentiment")
            .text(t -> t.byteBpe(300).maxLength(16))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(16))
            .sequenceClassification("sentiment", h -> h.classes(2).labels("sst2"))
            .optimizer(o -> o.learningRate(1e-3f).warmupProportion(0.1f))
            .training(t -> t.batchSize(4).steps(30))
            .taskData(d -> d.name("sst2").format(TaskDataSpec.Format.GLUE_SST2)
                .train(dir.resolve("train.tsv").toString()).validation(dir.resolve("dev.tsv").toString()))
            .compile(c -> c.xla(org.unimo.dsl.XlaMode.OFF))
            .build();
    Path config = Files.writeString(dir.resolve("finetune.textproto"), tuned.toTextProto());
    Path run = dir.resolve("run");
    MainTest.Run finetuned =
        unimo(
            "finetune", "--config", config.toString(), "--init", dir.resolve("pretrained").toString(), "--out", run.toString(),
            "--eval-every", "1", "--patience", "1", "--no-progress");
    assertThat(finetuned.status()).as(finetuned.err()).isZero();
    assertThat(finetuned.err())
        .contains("started from " + dir.resolve("pretrained").resolve("export").toAbsolutePath() + ":")
        .contains("2 initialized fresh (heads/sentiment/dense/kernel, heads/sentiment/dense/bias)")
        .contains("early stopping after step")
        .contains("best validation score (accuracy");

    // A config that leaves out its text and encoder sections inherits them from --init.
    String headOnly =
        com.google.protobuf.TextFormat.printer().printToString(tuned.proto().toBuilder().clearText().clearEncoder().build());
    Path inheriting = Files.writeString(dir.resolve("inheriting.textproto"), headOnly);
    assertThat(headOnly).doesNotContain("hidden");
    MainTest.Run inherited =
        unimo(
            "finetune", "--config", inheriting.toString(), "--init", dir.resolve("pretrained").toString(),
            "--out", dir.resolve("inherited").toString(), "--steps", "1", "--no-progress");
    assertThat(inherited.status()).as(inherited.err()).isZero();
    assertThat(ModelSpec.read(dir.resolve("inherited").resolve(org.unimo.tasks.training.TrainingRun.SPEC_FILE)).encoder())
        .isEqualTo(base.encoder());
    long scores = finetuned.out().lines().filter(l -> l.contains("\"validation\"")).count();
    assertThat(scores).isBetween(2L, 29L);
    assertThat(Files.readString(run.resolve("status.json"))).contains("\"finished\"");
    assertThat(run.resolve("best/saved_model.pb")).exists();
    assertThat(run.resolve("export/saved_model.pb")).exists();
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
    assertThat(signature.err()).contains("--signature: expected classify_HEAD, regress_HEAD, answer_HEAD, retrieve_HEAD, decode_HEAD or embed_text, got 'score'");
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"text\": \"fine\"}\n{\"txt\": 2}\n");
    MainTest.Run line =
        unimo("predict", "--model", dir.toString(), "--signature", "embed_text", "--input", input.toString(), "--output", dir.resolve("out.jsonl").toString());
    assertThat(line.status()).isEqualTo(2);
    assertThat(line.err()).contains("in.jsonl:2").contains("needs a string \"text\"");
    assertThat(dir.resolve("out.jsonl")).doesNotExist();
  }

  /** A malformed task file of each format with images: its file and line named, exit 2, no run left. */
  @Test
  void aMalformedTaskFileIsNamedWithItsLine(@TempDir Path dir) throws Exception {
    Path features = dir.resolve("features.tsv");
    Files.writeString(dir.resolve("ve.jsonl"), "{\"Flikr30kID\": \"1.jpg\", \"sentence2\": \"a dog\", \"gold_label\": \"entailment\"}\n{\"Flikr30kID\": \"2.jpg\"}\n");
    Files.writeString(dir.resolve("karpathy.json"), "{\"images\": [\n  {\"filename\": \"a.jpg\", \"split\": \"someday\", \"sentences\": []}\n]}\n");
    Files.writeString(dir.resolve("q.json"), "{\"questions\": [{\"image_id\": 1, \"question\": \"what?\", \"question_id\": 7}]}");
    Files.writeString(dir.resolve("a.json"), "{\"annotations\": [\n{\"question_id\": 7, \"image_id\": 1, \"answers\": \"yes\"}]}");
    record Case(TaskDataSpec.Format format, java.util.List<String> train, String where) {}
    for (Case c :
        java.util.List.of(
            new Case(TaskDataSpec.Format.SNLI_VE, java.util.List.of("ve.jsonl"), "ve.jsonl:2"),
            new Case(TaskDataSpec.Format.KARPATHY, java.util.List.of("karpathy.json"), "karpathy.json:2"),
            new Case(TaskDataSpec.Format.VQA_V2, java.util.List.of("q.json", "a.json"), "a.json:2"))) {
      ModelSpec spec =
          ModelSpec.builder("task")
              .text(t -> t.byteBpe(300).maxLength(16))
              .image(i -> i.featureSize(4).maxRegions(2))
              .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(24))
              .imageTextClassification("head", h -> h.classes(3).labels("task"))
              .taskData(d -> {
                d.name("task").format(c.format()).features(features.toString());
                c.train().forEach(f -> d.train(dir.resolve(f).toString()));
              })
              .build();
      Path config = Files.writeString(dir.resolve("task.textproto"), spec.toTextProto());
      Path out = dir.resolve("run-" + c.format());
      MainTest.Run run = unimo("finetune", "--config", config.toString(), "--out", out.toString());
      assertThat(run.status()).as(c.format() + ": " + run.err()).isEqualTo(2);
      assertThat(run.err()).as(c.format().toString()).contains(c.where());
      assertThat(out).doesNotExist();
    }
  }
}
