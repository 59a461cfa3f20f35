package org.unimo.tasks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.finetune.TaskSource;

/**
 * The generation heads as a user runs them, in fresh processes: {@code unimo export-shapes} of a
 * small world, then for examples/configs/shapes-{captioning,scene2caption}.textproto a few steps
 * of {@code unimo finetune} from scratch, {@code unimo eval} of the best SavedModel (which must
 * score the validation set exactly as the training graph did), and {@code unimo predict
 * --signature decode_HEAD} with beam search, whose texts must be those the training graph's
 * decode step generates, reopened in this process, with the same settings. The full runs are in
 * docs/generation.md.
 */
class GenerationIT {
  @Test
  void captioningAndTextToTextDecodeAlikeLiveAndReloaded(@TempDir Path dir) throws Exception {
    Path shapes = ShapesExamples.export(dir, 120, 16);

    // Captioning: greedy validation in training and in eval; beam search in predict.
    JsonObject caption = ShapesExamples.finetune(dir, shapes, "shapes-captioning", "shapes", proto -> {});
    JsonObject captionEval = ShapesExamples.eval(dir, "shapes-captioning", "validation");
    assertThat(captionEval.get("cider").getAsDouble()).isCloseTo(caption.getAsJsonObject("values").get("cider").getAsDouble(), within(1e-6));
    List<TaskSource.Example> images = validation(dir.resolve("shapes-captioning"));
    StringBuilder lines = new StringBuilder();
    images.stream().map(TaskSource.Example::image).distinct().forEach(id -> lines.append("{\"image\": \"").append(id).append("\"}\n"));
    DecodingSpec beam = new DecodingSpec(3, 0.6f, 2, 12, 2);
    List<String> predicted = predict(dir, "shapes-captioning", "decode_caption", lines.toString(), beam, "--features", shapes.resolve("features.tsv").toString());
    assertThat(predicted).hasSizeGreaterThan(4);
    assertThat(predicted).isEqualTo(LiveHead.generate(dir.resolve("shapes-captioning"), "caption", images, beam));

    // Text-to-text: the same, and unimo score reproduces eval's ROUGE from the generated lines.
    JsonObject scene = ShapesExamples.finetune(dir, shapes, "shapes-scene2caption", "scene2caption", proto -> {});
    Path generated = dir.resolve("scene2caption-generated.txt");
    JsonObject sceneEval = ShapesExamples.eval(dir, "shapes-scene2caption", "validation", "--generated", generated.toString());
    assertThat(sceneEval.get("rougeLsum").getAsDouble())
        .isCloseTo(scene.getAsJsonObject("values").get("rougeLsum").getAsDouble(), within(1e-6));
    Cli.Run scored =
        Cli.unimo(
            dir, 5, "score", "--metric", "rougeLsum", "--predictions", generated.toString(),
            "--references", shapes.resolve("scene2caption/val.tgt").toString());
    assertThat(scored.status()).as(scored.err()).isZero();
    JsonObject score = JsonParser.parseString(scored.out().strip()).getAsJsonObject();
    assertThat(score.get("value").getAsDouble()).isCloseTo(sceneEval.get("rougeLsum").getAsDouble(), within(1e-6));
    List<TaskSource.Example> sources = validation(dir.resolve("shapes-scene2caption")).subList(0, 6);
    StringBuilder texts = new StringBuilder();
    for (TaskSource.Example e : sources) {
      JsonObject line = new JsonObject();
      line.addProperty("text", e.text());
      texts.append(line).append('\n');
    }
    DecodingSpec textBeam = new DecodingSpec(2, 1f, 1, 16, 3);
    List<String> targets = predict(dir, "shapes-scene2caption", "decode_scene2caption", texts.toString(), textBeam);
    assertThat(targets).isEqualTo(LiveHead.generate(dir.resolve("shapes-scene2caption"), "scene2caption", sources, textBeam));
  }

  private static List<TaskSource.Example> validation(Path run) throws Exception {
    ModelSpec spec = ModelSpec.read(run.resolve("spec.textproto"));
    try (TaskSource task = TaskSource.read(spec.data().task().orElseThrow(), spec.seed())) {
      return task.validation();
    }
  }

  /** {@code unimo predict} of a generation head with {@code settings}: the generated texts, in order. */
  private static List<String> predict(Path dir, String name, String signature, String lines, DecodingSpec settings, String... more)
      throws Exception {
    Path input = Files.writeString(dir.resolve(name + "-in.jsonl"), lines);
    Path output = dir.resolve(name + "-out.jsonl");
    List<String> args =
        new ArrayList<>(
            List.of(
                "predict", "--model", dir.resolve(name).resolve("best").toString(), "--signature", signature,
                "--input", input.toString(), "--output", output.toString(),
                "--beam", Integer.toString(settings.beamSize()), "--length-penalty", Float.toString(settings.lengthPenalty()),
                "--min-length", Integer.toString(settings.minLength()), "--max-length", Integer.toString(settings.maxLength()),
                "--no-repeat-ngram", Integer.toString(settings.noRepeatNgramSize())));
    args.addAll(List.of(more));
    Cli.Run predicted = Cli.unimo(dir, 10, args.toArray(String[]::new));
    assertThat(predicted.status()).as(predicted.err()).isZero();
    List<String> texts = new ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      texts.add(JsonParser.parseString(line).getAsJsonObject().get("generated").getAsString());
    }
    return texts;
  }
}
