package org.unimo.tasks.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.graph.Outputs;
import org.unimo.savedmodels.Predictor;
import org.unimo.savedmodels.Signatures;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.JsonLines;
import org.unimo.tasks.formats.LineReader;
import org.unimo.tasks.training.AtomicFiles;

/**
 * {@code unimo predict --model DIR --signature S --input IN.jsonl --output OUT.jsonl}: runs one of
 * a SavedModel's signatures on raw text, one JSON line in, one JSON line out, in order.
 *
 * <ul>
 *   <li>{@code classify_HEAD}: {@code {"text": ..., "text_b": ...}} ({@code text_b} for a pair task)
 *       to {@code {"probabilities": [...], "class": i}};
 *   <li>{@code regress_HEAD}: the same input to {@code {"value": x}};
 *   <li>{@code embed_text}: {@code {"text": ...}} to {@code {"embedding": [...]}}, pooled and
 *       L2-normalized.
 * </ul>
 *
 * <p>An input line may carry an {@code "id"}, copied to its output line. The output is written to
 * a temporary file and renamed into place when every line is done.
 */
final class PredictCommand implements Command {
  /** Inputs run through the model at once. */
  private static final int BATCH = 64;

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public String summary() {
    return "run a SavedModel signature (classify_HEAD, regress_HEAD, embed_text) on JSON lines of raw text";
  }

  @Override
  public String synopsis() {
    return "--model DIR --signature classify_HEAD|regress_HEAD|embed_text --input IN.jsonl --output OUT.jsonl";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("model").hasArg().argName("DIR").desc("a SavedModel exported by unimo (RUN/export, RUN/best)").build())
        .addOption(Option.builder().longOpt("signature").hasArg().argName("S").desc("classify_HEAD, regress_HEAD or embed_text").build())
        .addOption(
            Option.builder()
                .longOpt("input")
                .hasArg()
                .argName("FILE")
                .desc("JSON lines: {\"text\": ...} (and \"text_b\" for a pair task, \"id\" to copy through)")
                .build())
        .addOption(Option.builder().longOpt("output").hasArg().argName("FILE").desc("JSON lines, one per input line").build());
  }

  /** One input line. */
  private record Input(@Nullable JsonElement id, String text, @Nullable String second) {}

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    for (String required : List.of("model", "signature", "input", "output")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo predict --help)");
      }
    }
    String signature = line.getOptionValue("signature");
    String classify = Signatures.classify("");
    String regress = Signatures.regress("");
    if (!signature.equals(Signatures.EMBED_TEXT) && !signature.startsWith(classify) && !signature.startsWith(regress)) {
      throw new UsageException(
          "--signature: expected " + classify + "HEAD, " + regress + "HEAD or " + Signatures.EMBED_TEXT + ", got '" + signature + "'");
    }
    List<Input> inputs = read(Path.of(line.getOptionValue("input")));
    Path output = Path.of(line.getOptionValue("output"));
    try (Predictor model = Predictor.load(Path.of(line.getOptionValue("model")));
        AtomicFiles.Pending pending = AtomicFiles.begin(output)) {
      BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(pending.stream(), StandardCharsets.UTF_8));
      for (int from = 0; from < inputs.size(); from += BATCH) {
        List<Input> batch = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
        List<String> texts = batch.stream().map(Input::text).toList();
        List<@Nullable String> seconds = new ArrayList<>();
        batch.forEach(i -> seconds.add(i.second()));
        float[][] values;
        String key;
        if (signature.equals(Signatures.EMBED_TEXT)) {
          if (seconds.stream().anyMatch(s -> s != null)) {
            throw new UsageException("embed_text takes single texts: an input line has \"text_b\"");
          }
          values = model.embedTexts(texts);
          key = "embedding";
        } else if (signature.startsWith(classify)) {
          values = model.classify(signature.substring(classify.length()), texts, seconds);
          key = "probabilities";
        } else {
          values = model.regress(signature.substring(regress.length()), texts, seconds);
          key = "value";
        }
        for (int i = 0; i < batch.size(); i++) {
          writer.write(result(batch.get(i), key, values[i]).toString());
          writer.newLine();
        }
      }
      writer.flush();
      pending.commit();
    }
    err.println("unimo predict: " + inputs.size() + " lines written to " + output);
    return Main.OK;
  }

  private static JsonObject result(Input input, String key, float[] values) {
    JsonObject json = new JsonObject();
    if (input.id() != null) {
      json.add("id", input.id());
    }
    if (key.equals("value")) {
      json.addProperty("value", values[0]);
      return json;
    }
    JsonArray array = new JsonArray();
    for (float value : values) {
      array.add(value);
    }
    json.add(key, array);
    if (key.equals("probabilities")) {
      json.addProperty("class", Outputs.argmax(values));
    }
    return json;
  }

  /** Every line of {@code file}: a JSON object with a string "text" (and optional "text_b", "id"). */
  private static List<Input> read(Path file) throws IOException {
    List<Input> inputs = new ArrayList<>();
    try (LineReader reader = LineReader.open(file, BadRows.fail())) {
      for (String text = reader.next(); text != null; text = reader.next()) {
        if (text.isBlank()) {
          continue;
        }
        JsonObject json = JsonLines.object(file, reader.number(), text);
        if (!JsonLines.isString(json.get("text"))) {
          throw DataFileException.atLine(file, reader.number(), "needs a string \"text\"");
        }
        JsonElement second = json.get("text_b");
        if (second != null && !JsonLines.isString(second)) {
          throw DataFileException.atLine(file, reader.number(), "\"text_b\" must be a string");
        }
        inputs.add(new Input(json.get("id"), json.get("text").getAsString(), second == null ? null : second.getAsString()));
      }
    }
    if (inputs.isEmpty()) {
      throw DataFileException.inFile(file, "has no input lines");
    }
    return inputs;
  }
}
