package org.unimo.tasks.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unimo.dsl.DataKind;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.MrcSpec;
import org.unimo.graph.CompileOptions;
import org.unimo.graph.CompiledModel;
import org.unimo.graph.LiveModel;
import org.unimo.graph.ModelCompiler;
import org.unimo.rewriting.tokenizer.Tokenizer;
import org.unimo.tasks.training.StepBatches;
import org.unimo.tasks.training.TrainingRun;

/**
 * Trains a spec for a few steps on {@link SyntheticSource} in this JVM and prints one line, {@code
 * MEMORY-PROBE {...}}, with the process's resident memory (kB, from /proc/self/status) at each
 * stage and its peak (VmHWM). {@link MemoryCheck} runs it in a fresh JVM per spec, so that one
 * spec's peak is not another's.
 *
 * <p>{@code java -cp ... org.unimo.tasks.memory.MemoryProbe SPEC.textproto STEPS}
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  public static void main(String[] args) throws IOException {
    ModelSpec spec = ModelSpec.read(Path.of(args[0]));
    int steps = Integer.parseInt(args[1]);
    long start = status("VmRSS");
    int featureSize = spec.image().map(i -> i.featureSize()).orElse(1);
    int regions = spec.image().map(i -> i.maxRegions()).orElse(1);
    int classes = spec.objectives().mrc().map(MrcSpec::classes).orElse(1);
    SyntheticSource source = new SyntheticSource(featureSize, regions, classes, 2 * spec.text().maxLength(), spec.seed());
    Tokenizer tokenizer = TrainingRun.tokenizerFor(spec, source);
    long data = status("VmRSS");
    List<Double> seconds = new ArrayList<>();
    long compiledRss;
    long ready;
    long readyPeak;
    try (CompiledModel compiled = ModelCompiler.compile(spec, CompileOptions.training())) {
      compiledRss = status("VmRSS");
      StepBatches.check(compiled, source);
      StepBatches batches = new StepBatches(compiled, source, tokenizer);
      try (LiveModel model = LiveModel.open(compiled)) {
        model.globalStep(); // the session exists and the variables are initialized
        ready = status("VmRSS");
        readyPeak = status("VmHWM");
        // With a data mix each step trains one kind: every kind once per round here.
        List<DataKind> kinds = spec.training().mix().isPresent() ? compiled.dataKinds() : java.util.Arrays.asList((DataKind) null);
        long step = 1;
        for (int s = 0; s < steps; s++) {
          for (DataKind kind : kinds) {
            long t0 = System.nanoTime();
            model.step(batches.at(step++), kind);
            seconds.add((System.nanoTime() - t0) / 1e9);
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "MEMORY-PROBE {\"rss_start_kb\":%d,\"rss_data_kb\":%d,\"rss_compiled_kb\":%d,\"rss_ready_kb\":%d,"
            + "\"hwm_ready_kb\":%d,\"hwm_kb\":%d,\"step_seconds\":%s}%n",
        start, data, compiledRss, ready, readyPeak, status("VmHWM"), seconds);
  }

  /** A line of /proc/self/status in kB, e.g. VmHWM (the peak resident set) or VmRSS. */
  static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("/proc/self/status has no " + field);
  }
}
