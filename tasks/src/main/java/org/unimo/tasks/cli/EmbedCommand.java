package org.unimo.tasks.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.LiveModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.graph.TextBatch;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.savedmodels.Predictor;
import org.unimo.savedmodels.TokenizerFiles;
import org.unimo.tasks.imports.ImportDir;
import org.unimo.tasks.imports.ImportedModel;
import org.unimo.tasks.training.Checkpoints;
import org.unimo.tasks.training.TrainingRun;

/**
 * {@code unimo embed --model DIR --text T [--text T ...]}: one JSON line per text with its pooled,
 * L2-normalized embedding, from an import directory, a run directory or an export.
 */
final class EmbedCommand implements Command {
  @Override
  public String name() {
    return "embed";
  }

  @Override
  public String summary() {
    return "print texts' pooled, L2-normalized embeddings as JSON lines, from an import, a run or an export";
  }

  @Override
  public String synopsis() {
    return "--model DIR --text TEXT [--text TEXT ...]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("model")
                .hasArg()
                .argName("DIR")
                .desc("an import directory (unimo import), a run directory (unimo pretrain) or a SavedModel export")
                .build())
        .addOption(Option.builder().longOpt("text").hasArg().argName("TEXT").desc("a text to embed (repeatable)").build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    if (!line.hasOption("model")) {
      throw new UsageException("--model DIR is required (unimo embed --help)");
    }
    String[] texts = line.getOptionValues("text");
    if (texts == null || texts.length == 0) {
      throw new UsageException("give at least one --text (unimo embed --help)");
    }
    if (!line.getArgList().isEmpty()) {
      throw new UsageException("unexpected arguments " + line.getArgList() + "; each text goes after its own --text");
    }
    float[][] vectors = embed(Path.of(line.getOptionValue("model")), Arrays.asList(texts));
    for (int i = 0; i < texts.length; i++) {
      JsonObject json = new JsonObject();
      json.addProperty("text", texts[i]);
      JsonArray values = new JsonArray();
      for (float v : vectors[i]) {
        values.add(v);
      }
      json.add("embedding", values);
      out.println(json);
    }
    return Main.OK;
  }

  /** Embeds with whatever {@code dir} holds. */
  static float[][] embed(Path dir, List<String> texts) throws IOException {
    if (ImportDir.isImportDir(dir)) {
      try (ImportedModel model = ImportedModel.open(ImportDir.read(dir))) {
        return model.embed(texts);
      }
    }
    Path export = Files.isRegularFile(dir.resolve("saved_model.pb")) ? dir : dir.resolve("export");
    if (Files.isRegularFile(export.resolve("saved_model.pb"))) {
      try (Predictor predictor = Predictor.load(export)) {
        return predictor.embedTexts(texts);
      }
    }
    Path specFile = dir.resolve(TrainingRun.SPEC_FILE);
    if (!Files.isRegularFile(specFile)) {
      throw new NoSuchFileException(
          dir.toString(), null, "neither an import directory (import.json), a SavedModel (saved_model.pb) nor a run directory (spec.textproto)");
    }
    ModelSpec spec = ModelSpec.read(specFile);
    Checkpoints.Saved saved =
        new Checkpoints(dir)
            .latest()
            .orElseThrow(() -> new NoSuchFileException(dir.toString(), null, "a run directory without a checkpoint yet: nothing trained to embed with"));
    Tokenizer tokenizer = TokenizerFiles.read(spec, dir);
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.inference());
        LiveModel model = LiveModel.open(compiled)) {
      Checkpoints.restore(model, saved);
      return model.embedTexts(TextBatch.encode(tokenizer, texts, spec.text().maxLength()));
    }
  }
}
