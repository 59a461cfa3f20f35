package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.finetune.TaskSource;

/**
 * The shapes world's downstream tasks as a user runs them, in fresh processes: {@code unimo
 * export-shapes} of a small world (its VQA v2, SNLI-VE and Karpathy files), then for each of
 * examples/configs/shapes-{vqa,ve,retrieval}.textproto a few steps of {@code unimo finetune} from
 * scratch, {@code unimo eval} of the best SavedModel (which must score the validation set exactly as
 * the training graph did), and {@code unimo predict} on images named by id. The full runs, from
 * the tiny pre-training run, are in docs/finetuning.md.
 */
class ShapesTasksIT {
  @Test
  void exportFinetuneEvalAndPredictEachTask(@TempDir Path dir) throws Exception {
    Path shapes = ShapesExamples.export(dir, 160, 24);

    JsonObject vqa = finetune(dir, shapes, "shapes-vqa", "vqa");
    JsonObject vqaEval = eval(dir, "shapes-vqa", "validation");
    assertThat(vqaEval.get("vqa").getAsDouble()).isCloseTo(vqa.getAsJsonObject("values").get("vqa").getAsDouble(), within(1e-6));
    assertThat(vqaEval.getAsJsonObject("vqa_per_question_type").keySet())
        .containsExactlyInAnyOrder("what color is the", "what shape is the", "how many", "is the");
    List<String> answers = Files.readAllLines(dir.resolve("shapes-vqa/best/assets.extra/classes/vqa.txt"));
    JsonObject answered = predict(dir, shapes, "shapes-vqa", "answer_vqa", "how many circles are there?");
    assertThat(answers).contains(answered.get("answer").getAsString());

    JsonObject ve = finetune(dir, shapes, "shapes-ve", "snli_ve");
    JsonObject veEval = eval(dir, "shapes-ve", "validation");
    assertThat(veEval.get("accuracy").getAsDouble()).isCloseTo(ve.getAsJsonObject("values").get("accuracy").getAsDouble(), within(1e-6));
    JsonObject classified = predict(dir, shapes, "shapes-ve", "classify_entailment", "there is a red circle");
    assertThat(classified.get("label").getAsString()).isIn("entailment", "neutral", "contradiction");
    // The SavedModel, reloaded by predict in a fresh process, gives the training graph's probabilities.
    ModelSpec veSpec = ModelSpec.read(dir.resolve("shapes-ve").resolve("spec.textproto"));
    List<TaskSource.Example> some = TaskSource.read(veSpec.data().task().orElseThrow(), veSpec.seed()).validation().subList(0, 12);
    StringBuilder lines = new StringBuilder();
    for (TaskSource.Example e : some) {
      JsonObject line = new JsonObject();
      line.addProperty("text", e.text());
      line.addProperty("image", e.image());
      lines.append(line).append('\n');
    }
    Path input = Files.writeString(dir.resolve("ve-in.jsonl"), lines);
    Cli.Run predicted =
        Cli.unimo(
            dir, 10, "predict", "--model", dir.resolve("shapes-ve/best").toString(), "--signature", "classify_entailment",
            "--input", input.toString(), "--output", dir.resolve("ve-out.jsonl").toString(),
            "--features", shapes.resolve("features.tsv").toString());
    assertThat(predicted.status()).as(predicted.err()).isZero();
    LiveHead.assertSameProbabilities(dir.resolve("shapes-ve"), "entailment", some, dir.resolve("ve-out.jsonl"));

    JsonObject retrieval = finetune(dir, shapes, "shapes-retrieval", "shapes");
    JsonObject retrievalEval = eval(dir, "shapes-retrieval", "validation");
    assertThat(retrievalEval.get("recall_mean").getAsDouble())
        .isCloseTo(retrieval.getAsJsonObject("values").get("recall_mean").getAsDouble(), within(1e-6));
    JsonObject test = eval(dir, "shapes-retrieval", "test");
    assertThat(test.get("examples").getAsInt()).isPositive();
    JsonObject scored = predict(dir, shapes, "shapes-retrieval", "retrieve_retrieval", "a red circle");
    assertThat(scored.get("score").getAsDouble()).isBetween(-1.0001, 1.0001);
  }

  /** The example config on {@code shapes}' files, fine-tuned 10 steps from scratch; its best.json. */
  private static JsonObject finetune(Path dir, Path shapes, String name, String task) throws Exception {
    return ShapesExamples.finetune(dir, shapes, name, task, proto -> {
      if (proto.getHeads(0).hasVqa()) {
        // A small world may give fewer answers than the example's.
        proto.getHeadsBuilder(0).getVqaBuilder().setAnswers(countAnswers(shapes.resolve("vqa/train_annotations.json")));
      }
    });
  }

  private static int countAnswers(Path annotations) throws Exception {
    var all = JsonParser.parseString(Files.readString(annotations)).getAsJsonObject().getAsJsonArray("annotations");
    java.util.Set<String> answers = new java.util.HashSet<>();
    all.forEach(a -> answers.add(a.getAsJsonObject().get("multiple_choice_answer").getAsString()));
    return answers.size();
  }

  /** {@code unimo eval} of a run's best SavedModel on the task of the spec inside it. */
  private static JsonObject eval(Path dir, String name, String split) throws Exception {
    return ShapesExamples.eval(dir, name, split);
  }

  /** {@code unimo predict} of one text about the first held-out scene; its output line. */
  private static JsonObject predict(Path dir, Path shapes, String name, String signature, String text) throws Exception {
    Path input = Files.writeString(dir.resolve(name + "-in.jsonl"), "{\"id\": 7, \"text\": \"" + text + "\", \"image\": \"heldout-000000\"}\n");
    Path output = dir.resolve(name + "-out.jsonl");
    Cli.Run predicted =
        Cli.unimo(
            dir, 10, "predict", "--model", dir.resolve(name).resolve("best").toString(), "--signature", signature,
            "--input", input.toString(), "--output", output.toString(), "--features", shapes.resolve("features.tsv").toString());
    assertThat(predicted.status()).as(predicted.err()).isZero();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(1);
    JsonObject json = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertThat(json.get("id").getAsInt()).isEqualTo(7);
    return json;
  }
}
