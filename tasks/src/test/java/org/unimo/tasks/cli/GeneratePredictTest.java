package org.unimo.tasks.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unimo.tasks.cli.MainTest.unimo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.TaskDataSpec;
import org.unimo.dsl.XlaMode;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.training.Trainer;
import org.unimo.tasks.training.TrainingRun;

/**
 * {@code unimo predict --signature decode_HEAD} and {@code unimo eval} of a text-to-text head: one
 * generated text per input line, and the decoding options' bad values named with exit 2 and no
 * output file.
 */
class GeneratePredictTest {
  @Test
  void predictGeneratesOneTextPerLineAndNamesBadDecodingOptions(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("train.src"), List.of("red circle", "blue square", "green cross", "gray star"));
    Files.write(dir.resolve("train.tgt"), List.of("circle red", "square blue", "cross green", "star gray"));
    ModelSpec spec =
        ModelSpec.builder("swap")
            .text(t -> t.byteBpe(300).maxLength(12))
            .encoder(e -> e.layers(1).hidden(16).heads(2).ffn(32).maxPositions(12).dropout(0f))
            .textToText("swap", h -> h.labels("swap").decoding(d -> d.maxLength(4)))
            .training(t -> t.batchSize(2).steps(2))
            .compile(c -> c.xla(XlaMode.OFF))
            .taskData(d -> d.name("swap").format(TaskDataSpec.Format.SOURCE_TARGET)
                .train(dir.resolve("train.src").toString()).validation(dir.resolve("train.src").toString()))
            .build();
    Path model = dir.resolve("export");
    try (TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed());
        TrainingRun run = TrainingRun.prepare(spec, task, dir.resolve("run"))) {
      run.train(Trainer.Options.of(false, true), m -> {});
      run.export(model);
    }
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{\"id\": 1, \"text\": \"red circle\"}\n{\"text\": \"gray star\"}\n");
    Path output = dir.resolve("out.jsonl");

    MainTest.Run ok =
        unimo("predict", "--model", model.toString(), "--signature", "decode_swap", "--input", input.toString(), "--output", output.toString(),
            "--beam", "2", "--no-repeat-ngram", "1");
    assertThat(ok.status()).as(ok.err()).isZero();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("{\"id\":1,\"generated\":\"");
    Files.delete(output);

    for (List<String> bad : List.of(
        List.of("--beam", "0", "--beam: '0' is not a positive integer"),
        List.of("--max-length", "11", "--max-length 11 does not fit the model's text.max_length 12"),
        List.of("--length-penalty", "-1", "--length-penalty: '-1' is not a number of 0 or more"),
        List.of("--no-repeat-ngram", "x", "--no-repeat-ngram: 'x' is not an integer of 0 or more"))) {
      MainTest.Run run =
          unimo("predict", "--model", model.toString(), "--signature", "decode_swap", "--input", input.toString(), "--output", output.toString(),
              bad.get(0), bad.get(1));
      assertThat(run.status()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).contains(bad.get(2));
      assertThat(output).doesNotExist();
    }
    MainTest.Run image =
        unimo("predict", "--model", model.toString(), "--signature", "decode_swap", "--input",
            Files.writeString(dir.resolve("img.jsonl"), "{\"image\": \"img0\"}\n").toString(), "--output", output.toString());
    assertThat(image.status()).isEqualTo(2);
    assertThat(image.err()).contains("decode_swap reads a text: every input line needs \"text\"");

    MainTest.Run eval = unimo("eval", "--model", model.toString(), "--split", "validation", "--generated", dir.resolve("gen.txt").toString());
    assertThat(eval.status()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("\"rougeLsum\"");
    assertThat(Files.readAllLines(dir.resolve("gen.txt"))).hasSize(4);
  }
}
