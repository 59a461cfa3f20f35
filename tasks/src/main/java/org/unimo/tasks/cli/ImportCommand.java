package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Pooling;
import org.unimo.tasks.imports.ImportDir;
import org.unimo.tasks.imports.Imports;

/**
 * {@code unimo import --from PATH_OR_COORDINATES --out DIR}: a pretrained BERT-family encoder
 * (HuggingFace safetensors, ONNX, Google's TensorFlow SavedModel, or a jar of one) into an import
 * directory: encoder-only spec, weights under the toolkit's names, tokenizer, provenance.
 */
final class ImportCommand implements Command {
  @Override
  public String name() {
    return "import";
  }

  @Override
  public String summary() {
    return "import a pretrained BERT-family encoder (safetensors, ONNX, TF SavedModel, or Maven coordinates) for embed and --init";
  }

  @Override
  public String synopsis() {
    return "--from PATH|GROUP:ARTIFACT:VERSION --out DIR [--name NAME] [--max-length T] [--pooling plain_mean|first_token|mean]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("from")
                .hasArg()
                .argName("SOURCE")
                .desc("a HuggingFace model directory, an .onnx file, a SavedModel directory, a jar, or Maven coordinates"
                    + " resolved from the local Maven repository")
                .build())
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("import directory (must not exist or be empty)").build())
        .addOption(Option.builder().longOpt("name").hasArg().argName("NAME").desc("the spec's name (default: from the source)").build())
        .addOption(
            Option.builder()
                .longOpt("max-length")
                .hasArg()
                .argName("T")
                .desc("text.max_length, tokens per text with [CLS] and [SEP] (default " + Imports.DEFAULT_MAX_LENGTH + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("pooling")
                .hasArg()
                .argName("P")
                .desc("encoder.pooling for embeddings (default plain_mean: the masked mean of the last hidden states,"
                    + " as sentence-transformers pools)")
                .build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    for (String required : new String[] {"from", "out"}) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo import --help)");
      }
    }
    Integer maxLength = Args.positiveInt(line, "max-length");
    Pooling pooling = line.hasOption("pooling") ? Args.choice(line, "pooling", Pooling.class) : Pooling.PLAIN_MEAN;
    String from = line.getOptionValue("from");
    ImportDir dir =
        Imports.importEncoder(
            from,
            Path.of(line.getOptionValue("out")),
            line.getOptionValue("name", Imports.defaultName(from)),
            maxLength == null ? Imports.DEFAULT_MAX_LENGTH : maxLength,
            pooling);
    ModelSpec spec = dir.spec();
    err.printf(
        "imported %s (%s): %d layers x %d, %d heads, vocabulary %d; %s%n",
        from,
        dir.sourceFormat(),
        spec.encoder().layers(),
        spec.encoder().hidden(),
        spec.encoder().heads(),
        spec.text().vocabSize(),
        dir.unusedTensors().isEmpty()
            ? "every source tensor used"
            : "source tensors not used: " + String.join(", ", dir.unusedTensors()));
    out.println(dir.dir());
    return Main.OK;
  }
}
