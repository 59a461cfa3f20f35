package org.unimo.tasks.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.CaptioningSpec;
import org.unimo.dsl.DecodingSpec;
import org.unimo.dsl.GenerationHeadSpec;
import org.unimo.dsl.HeadSpec;
import org.unimo.graph.ImageRegions;
import org.unimo.graph.Outputs;
import org.unimo.savedmodels.Predictor;
import org.unimo.savedmodels.Signatures;
import org.unimo.tasks.formats.BadRows;
import org.unimo.tasks.formats.DataFileException;
import org.unimo.tasks.formats.Globs;
import org.unimo.tasks.formats.JsonLines;
import org.unimo.tasks.formats.LineReader;
import org.unimo.tasks.formats.RegionFeatureIndex;
import org.unimo.tasks.training.AtomicFiles;

/**
 * {@code unimo predict --model DIR --signature S --input IN.jsonl --output OUT.jsonl [--features
 * TSV]}: runs one of a SavedModel's signatures on raw text, and on images by reference, one JSON
 * line in, one JSON line out, in order.
 *
 * <ul>
 *   <li>{@code classify_HEAD} of a text head: {@code {"text": ..., "text_b": ...}} ({@code text_b}
 *       for a pair task) to {@code {"probabilities": [...], "class": i, "label": NAME}} ({@code
 *       label} when the export lists the class names);
 *   <li>{@code regress_HEAD}: the same input to {@code {"value": x}};
 *   <li>{@code classify_HEAD} of an image-text head (visual entailment): {@code {"text": ...,
 *       "image": ID}}, the image's region features read from {@code --features} by its id, to the
 *       same output as a text classifier;
 *   <li>{@code answer_HEAD} (VQA): {@code {"text": QUESTION, "image": ID}} to {@code {"answer":
 *       TEXT, "score": s, "index": i}}, the top answer and its sigmoid;
 *   <li>{@code retrieve_HEAD}: {@code {"text": ..., "image": ID}} to {@code {"score": s}}, the cosine
 *       similarity of the text and the image;
 *   <li>{@code embed_text}: {@code {"text": ...}} to {@code {"embedding": [...]}}, pooled and
 *       L2-normalized.
 *   <li>{@code decode_HEAD} of a generation head: {@code {"image": ID}} (captioning) or {@code
 *       {"text": SOURCE, "text_b": ...}} (text-to-text) to {@code {"generated": TEXT}}, decoded in
 *       the loop of {@link org.unimo.graph.decoding.Generator} with the head's decoding settings,
 *       or those of {@code --beam}, {@code --length-penalty}, {@code --min-length}, {@code
 *       --max-length}, {@code --no-repeat-ngram}.
 * </ul>
 *
 * <p>An input line may carry an {@code "id"}, copied to its output line. The output is written to
 * a temporary file and renamed into place when every line is done.
 */
final class PredictCommand implements Command {
  /** Inputs run through the model at once. */
  private static final int BATCH = 64;

  /** The prefixes of the heads' signatures. */
  private static final List<String> VERBS = List.of("classify_", "regress_", "answer_", "retrieve_", "decode_");

  @Override
  public String name() {
    return "predict";
  }

  @Override
  public String summary() {
    return "run a SavedModel signature (classify_HEAD, regress_HEAD, answer_HEAD, retrieve_HEAD, decode_HEAD, embed_text) on JSON lines";
  }

  @Override
  public String synopsis() {
    return "--model DIR --signature S --input IN.jsonl --output OUT.jsonl [--features TSV] [--beam N ...]";
  }

  @Override
  public Options options() {
    return DecodingOptions.addTo(new Options())
        .addOption(Option.builder().longOpt("model").hasArg().argName("DIR").desc("a SavedModel exported by unimo (RUN/export, RUN/best)").build())
        .addOption(
            Option.builder()
                .longOpt("signature")
                .hasArg()
                .argName("S")
                .desc("classify_HEAD, regress_HEAD, answer_HEAD, retrieve_HEAD, decode_HEAD or embed_text")
                .build())
        .addOption(
            Option.builder()
                .longOpt("input")
                .hasArg()
                .argName("FILE")
                .desc("JSON lines: {\"text\": ...} (and \"text_b\" for a pair task, \"image\" for a head on images, \"id\" to copy through)")
                .build())
        .addOption(Option.builder().longOpt("output").hasArg().argName("FILE").desc("JSON lines, one per input line").build())
        .addOption(
            Option.builder()
                .longOpt("features")
                .hasArg()
                .argName("TSV")
                .desc("bottom-up TSV file or glob (repeatable) of the region features that the lines' \"image\" ids name")
                .build());
  }

  /** One input line. */
  private record Input(@Nullable JsonElement id, @Nullable String text, @Nullable String second, @Nullable String image) {}

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    for (String required : List.of("model", "signature", "input", "output")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo predict --help)");
      }
    }
    String signature = line.getOptionValue("signature");
    if (!signature.equals(Signatures.EMBED_TEXT) && VERBS.stream().noneMatch(signature::startsWith)) {
      throw new UsageException(
          "--signature: expected classify_HEAD, regress_HEAD, answer_HEAD, retrieve_HEAD, decode_HEAD or embed_text, got '" + signature + "'");
    }
    List<Input> inputs = read(Path.of(line.getOptionValue("input")));
    Path output = Path.of(line.getOptionValue("output"));
    try (Predictor model = Predictor.load(Path.of(line.getOptionValue("model")))) {
      Optional<HeadSpec> head = headOf(model, signature);
      boolean images = head.isPresent() && Signatures.of(head.get()).images();
      DecodingSpec decoding = DecodingOptions.of(line, head.orElse(null), model.spec().text().maxLength());
      boolean captions = head.isPresent() && head.get() instanceof CaptioningSpec;
      for (Input input : inputs) {
        if (!captions && input.text() == null) {
          throw new UsageException(signature + " reads a text: every input line needs \"text\"");
        }
        if (captions && input.text() != null) {
          throw new UsageException(signature + " captions images: an input line has \"text\"");
        }
        if (images && input.image() == null) {
          throw new UsageException(signature + " reads an image with each text: every input line needs \"image\": ID");
        }
        if (!images && input.image() != null) {
          throw new UsageException(signature + " reads text only: an input line has \"image\"");
        }
        if ((images || head.isEmpty()) && input.second() != null) {
          throw new UsageException(signature + " takes single texts: an input line has \"text_b\"");
        }
      }
      List<String> classNames = head.isPresent() ? model.classNames(head.get().name()) : List.of();
      try (RegionFeatureIndex regions = images ? features(line, inputs) : null;
          AtomicFiles.Pending pending = AtomicFiles.begin(output)) {
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(pending.stream(), StandardCharsets.UTF_8));
        for (int from = 0; from < inputs.size(); from += BATCH) {
          List<Input> batch = inputs.subList(from, Math.min(inputs.size(), from + BATCH));
          List<String> texts = batch.stream().map(i -> i.text() == null ? "" : i.text()).toList();
          List<JsonObject> results = new ArrayList<>();
          if (head.isEmpty()) {
            for (float[] embedding : model.embedTexts(texts)) {
              results.add(object("embedding", array(embedding)));
            }
          } else {
            HeadSpec spec = head.get();
            List<@Nullable String> seconds = new ArrayList<>();
            batch.forEach(i -> seconds.add(i.second()));
            List<ImageRegions> pictures = null;
            if (regions != null) {
              pictures = new ArrayList<>();
              for (Input input : batch) {
                pictures.add(regions.read(input.image()));
              }
            }
            if (spec instanceof GenerationHeadSpec) {
              for (String generated : model.generate(spec.name(), captions ? List.of() : texts, captions ? List.of() : seconds, pictures, decoding)) {
                results.add(object("generated", new JsonPrimitive(generated)));
              }
            } else {
              float[][] values = model.predict(spec.name(), texts, seconds, pictures);
              for (int i = 0; i < batch.size(); i++) {
                results.add(result(signature, values, i, classNames));
              }
            }
          }
          for (int i = 0; i < batch.size(); i++) {
            JsonObject json = new JsonObject();
            if (batch.get(i).id() != null) {
              json.add("id", batch.get(i).id());
            }
            results.get(i).entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
            writer.write(json.toString());
            writer.newLine();
          }
        }
        writer.flush();
        pending.commit();
      }
    }
    err.println("unimo predict: " + inputs.size() + " lines written to " + output);
    return Main.OK;
  }

  /**
   * The head {@code signature} serves, or empty for {@code embed_text}.
   *
   * @throws UsageException if the model has no such signature
   */
  private static Optional<HeadSpec> headOf(Predictor model, String signature) throws UsageException {
    if (signature.equals(Signatures.EMBED_TEXT)) {
      return Optional.empty();
    }
    List<String> served = new ArrayList<>(List.of(Signatures.EMBED_TEXT));
    for (HeadSpec head : model.spec().heads()) {
      String key = Signatures.of(head).key();
      if (key.equals(signature)) {
        return Optional.of(head);
      }
      served.add(key);
    }
    throw new UsageException("--signature: the model serves " + String.join(", ", served) + ", not '" + signature + "'");
  }

  /** Row {@code i}'s output of a head. */
  private static JsonObject result(String signature, float[][] values, int i, List<String> classNames) {
    if (signature.startsWith("regress_")) {
      return object("value", new com.google.gson.JsonPrimitive(values[i][0]));
    }
    if (signature.startsWith("retrieve_")) {
      return object("score", new com.google.gson.JsonPrimitive(values[i][i]));
    }
    int best = Outputs.argmax(values[i]);
    if (signature.startsWith("answer_")) {
      JsonObject json = new JsonObject();
      json.addProperty("answer", best < classNames.size() ? classNames.get(best) : Integer.toString(best));
      json.addProperty("score", values[i][best]);
      json.addProperty("index", best);
      return json;
    }
    JsonObject json = object("probabilities", array(values[i]));
    json.addProperty("class", best);
    if (best < classNames.size()) {
      json.addProperty("label", classNames.get(best));
    }
    return json;
  }

  private static JsonObject object(String key, JsonElement value) {
    JsonObject json = new JsonObject();
    json.add(key, value);
    return json;
  }

  private static JsonArray array(float[] values) {
    JsonArray array = new JsonArray();
    for (float value : values) {
      array.add(value);
    }
    return array;
  }

  /**
   * The index of the region features of every image the inputs name, from {@code --features}: a
   * batch reads its images by offset, so the inputs' features are never all in memory.
   *
   * @throws UsageException if an image has no row
   */
  private static RegionFeatureIndex features(CommandLine line, List<Input> inputs) throws IOException, UsageException {
    String[] patterns = line.getOptionValues("features");
    if (patterns == null) {
      throw new UsageException("--features is required: the input lines name images, whose region features it holds");
    }
    Set<String> wanted = new HashSet<>();
    inputs.forEach(i -> wanted.add(i.image()));
    RegionFeatureIndex index = RegionFeatureIndex.open(Globs.expandAll(List.of(patterns)), wanted, BadRows.fail());
    for (String id : wanted) {
      if (!index.contains(id)) {
        index.close();
        throw new UsageException("image " + id + " has no row in --features (" + String.join(", ", patterns) + ")");
      }
    }
    return index;
  }

  /** Every line of {@code file}: a JSON object with a string "text" (but for captioning) and optional "text_b", "image", "id". */
  private static List<Input> read(Path file) throws IOException {
    List<Input> inputs = new ArrayList<>();
    try (LineReader reader = LineReader.open(file, BadRows.fail())) {
      for (String text = reader.next(); text != null; text = reader.next()) {
        if (text.isBlank()) {
          continue;
        }
        JsonObject json = JsonLines.object(file, reader.number(), text);
        if (json.get("text") == null && json.get("image") == null) {
          throw DataFileException.atLine(file, reader.number(), "needs a string \"text\" (or, to caption, an \"image\")");
        }
        inputs.add(
            new Input(
                json.get("id"),
                optionalString(file, reader.number(), json, "text"),
                optionalString(file, reader.number(), json, "text_b"),
                optionalString(file, reader.number(), json, "image")));
      }
    }
    if (inputs.isEmpty()) {
      throw DataFileException.inFile(file, "has no input lines");
    }
    return inputs;
  }

  private static @Nullable String optionalString(Path file, long line, JsonObject json, String key) throws DataFileException {
    JsonElement value = json.get(key);
    if (value == null) {
      return null;
    }
    if (!JsonLines.isString(value)) {
      throw DataFileException.atLine(file, line, "\"" + key + "\" must be a string");
    }
    return value.getAsString();
  }
}
