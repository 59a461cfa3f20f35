package org.unimo.tasks.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.MemoryEstimate;
import org.unimo.tasks.training.ProcessMemory;
import org.unimo.graph.ModelCompiler;

/**
 * {@code unimo spec FILE}: validate a config; print it canonically, its fingerprint, its size or
 * the estimated memory of its training step.
 */
final class SpecCommand implements Command {
  @Override
  public String name() {
    return "spec";
  }

  @Override
  public String summary() {
    return "validate a .textproto spec; print it canonically, its fingerprint, its parameter count or"
        + " the estimated peak memory of its training step; or check it against a recorded fingerprint";
  }

  @Override
  public String synopsis() {
    return "FILE [--fingerprint | --params | --memory [--json]]  |  --check FILE --fingerprint SHA";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("fingerprint")
                .optionalArg(true)
                .hasArg()
                .argName("SHA")
                .desc("print the SHA-256 fingerprint; with --check, the recorded one to compare with")
                .build())
        .addOption(
            Option.builder()
                .longOpt("check")
                .hasArg()
                .argName("FILE")
                .desc("exit 1 when FILE's fingerprint differs from --fingerprint SHA (the config drifted)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("params")
                .desc("compile the training graph and print its trainable parameter count")
                .build())
        .addOption(
            Option.builder()
                .longOpt("memory")
                .desc("estimate the peak memory of a training step, term by term (nothing is compiled)")
                .build())
        .addOption(Option.builder().longOpt("json").desc("with --memory: one JSON object instead of a table").build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    if (line.hasOption("check")) {
      return check(line, out, err);
    }
    java.util.List<String> files = new java.util.ArrayList<>(line.getArgList());
    String fingerprintValue = line.getOptionValue("fingerprint");
    if (fingerprintValue != null) {
      if (fingerprintValue.matches("[0-9a-fA-F]{64}")) {
        throw new UsageException("--fingerprint SHA goes with --check FILE (unimo spec --help)");
      }
      // --fingerprint takes an optional SHA (for --check), so `spec --fingerprint FILE` hands it the
      // FILE: a value that is no SHA is the spec file.
      files.add(0, fingerprintValue);
    }
    if (files.size() != 1) {
      throw new UsageException("expected one spec FILE, got " + files.size() + " (unimo spec --help)");
    }
    if (line.hasOption("json") && !line.hasOption("memory")) {
      throw new UsageException("--json goes with --memory (unimo spec --help)");
    }
    ModelSpec spec = ModelSpec.read(Path.of(files.get(0)));
    if (line.hasOption("fingerprint")) {
      out.println(spec.fingerprint());
    } else if (line.hasOption("memory")) {
      MemoryEstimate estimate = MemoryEstimate.of(spec);
      out.print(line.hasOption("json") ? json(estimate) : estimate.table());
      if (!line.hasOption("json")) {
        suggestion(spec, estimate, ProcessMemory.availableBytes()).ifPresent(out::println);
      }
    } else if (line.hasOption("params")) {
      try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training())) {
        out.printf("%s: %,d trainable parameters%n", spec.name(), model.parameterCount());
      }
    } else {
      out.print(spec.toTextProto());
    }
    return Main.OK;
  }

  /** The share of the available memory a suggested configuration may be estimated at. */
  private static final double HEADROOM = 0.85;

  /**
   * When the estimate exceeds {@code available} (this machine's available memory, if known): how
   * many accumulated micro-batches would fit, or that none would.
   */
  static java.util.Optional<String> suggestion(ModelSpec spec, MemoryEstimate estimate, java.util.OptionalLong available) {
    if (available.isEmpty() || estimate.totalBytes() <= available.getAsLong()) {
      return java.util.Optional.empty();
    }
    String over =
        "  more than this machine's available memory (" + MemoryEstimate.human(available.getAsLong()) + "): ";
    // The estimate was within 11% of measured peaks: leave that much room and some.
    long budget = (long) (available.getAsLong() * HEADROOM);
    return java.util.Optional.of(
        MemoryEstimate.fitting(spec, budget)
            .map(fit ->
                over + "with training.accumulation_steps: " + fit.accumulationSteps() + " (micro-batches of "
                    + spec.training().batchSize() / fit.accumulationSteps() + ") the estimate is "
                    + MemoryEstimate.human(fit.estimate().totalBytes()) + ", within 85% of it")
            .orElse(
                over + "no valid training.accumulation_steps brings the estimate within 85% of it"
                    + " (micro-batches of one need CMCL negative samples)"));
  }

  /** The estimate as one JSON line: the total, the peak's kind of data under a mix, every term. */
  private static String json(MemoryEstimate estimate) {
    JsonObject json = new JsonObject();
    json.addProperty("total_bytes", estimate.totalBytes());
    json.addProperty("parameters", estimate.parameterCount());
    if (estimate.peakKind() != null) {
      json.addProperty("peak_kind", estimate.peakKind().id());
    }
    JsonArray terms = new JsonArray();
    for (MemoryEstimate.Term term : estimate.terms()) {
      JsonObject t = new JsonObject();
      t.addProperty("part", term.part());
      t.addProperty("what", term.what());
      if (term.kind() != null) {
        t.addProperty("kind", term.kind().id());
      }
      t.addProperty("bytes", term.bytes());
      t.addProperty("counted", estimate.counted(term));
      terms.add(t);
    }
    json.add("terms", terms);
    return json + "\n";
  }

  /** {@code --check FILE --fingerprint SHA}: 0 when they match, 1 when the config drifted. */
  private int check(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    String recorded = line.getOptionValue("fingerprint");
    if (recorded == null || !recorded.matches("[0-9a-fA-F]{64}")) {
      throw new UsageException(
          "--check needs --fingerprint SHA, the recorded 64-digit hex fingerprint"
              + (recorded == null ? "" : " (got '" + recorded + "')"));
    }
    if (!line.getArgList().isEmpty()) {
      throw new UsageException("--check takes its FILE as its argument; unexpected " + line.getArgList());
    }
    Path file = Path.of(line.getOptionValue("check"));
    String actual = ModelSpec.read(file).fingerprint();
    if (actual.equalsIgnoreCase(recorded)) {
      out.println(file + ": fingerprint " + actual + " matches");
      return Main.OK;
    }
    err.println(
        file
            + ": the config drifted: its fingerprint is "
            + actual
            + ", the recorded one "
            + recorded.toLowerCase(java.util.Locale.ROOT)
            + " (unimo spec FILE shows the canonical form to diff)");
    return Main.FAILED;
  }
}
