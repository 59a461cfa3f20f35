package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.ModelCompiler;

/** {@code unimo spec FILE}: validate a config; print it canonically, its fingerprint or size. */
final class SpecCommand implements Command {
  @Override
  public String name() {
    return "spec";
  }

  @Override
  public String summary() {
    return "validate a .textproto spec and print it canonically, its fingerprint or its parameter count";
  }

  @Override
  public String synopsis() {
    return "FILE [--fingerprint] [--params]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("fingerprint").desc("print only the SHA-256 fingerprint").build())
        .addOption(
            Option.builder()
                .longOpt("params")
                .desc("compile the training graph and print its trainable parameter count")
                .build());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    if (line.getArgList().size() != 1) {
      throw new UsageException("expected one spec FILE, got " + line.getArgList().size() + " (unimo spec --help)");
    }
    ModelSpec spec = ModelSpec.read(Path.of(line.getArgList().get(0)));
    if (line.hasOption("fingerprint")) {
      out.println(spec.fingerprint());
    } else if (line.hasOption("params")) {
      try (CompiledModel model = ModelCompiler.compile(spec, CompileOptions.training())) {
        out.printf("%s: %,d trainable parameters%n", spec.name(), model.parameterCount());
      }
    } else {
      out.print(spec.toTextProto());
    }
    return Main.OK;
  }
}
