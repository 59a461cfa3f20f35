package org.unimo.tasks.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.jspecify.annotations.Nullable;
import org.unimo.dsl.ModelSpec;
import org.unimo.tasks.training.AtomicFiles;

/**
 * {@code unimo bench-steps --baseline DIR --config FILE}: the training step of two builds, side by
 * side. Runs {@code pretrain} of each build in child JVMs, alternately (A B B A A B ...) so that a
 * machine growing slower or faster favours neither, and compares the medians.
 *
 * <p>The measure is {@code examples_per_sec} of each step's metrics line: each run's median over
 * the steps after the warm-up, then over the repetitions the median, extremes, interquartile range
 * and median absolute deviation. A step's time is its examples over its rate; the examples of a
 * step follow from the spec, the same in both builds, so the ratio of step times is the inverse
 * ratio of the rates, and that is what the verdict states. Exit 0 when the candidate is at most
 * {@code --limit} percent slower, 1 when it is slower than that or a run fails, 2 for bad input,
 * 130 (143) after SIGINT (SIGTERM), which stops the running child too.
 */
final class BenchStepsCommand implements Command {
  static final int DEFAULT_STEPS = 30;
  static final int DEFAULT_WARMUP = 5;
  static final int DEFAULT_REPS = 10;
  static final double DEFAULT_LIMIT = 5;
  private static final long STOP_GRACE_SECONDS = 15;

  /** The two builds. */
  enum Build {
    BASELINE,
    CANDIDATE;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The validated command line. */
  record Settings(
      Path baseline,
      @Nullable Path candidate,
      Path config,
      int steps,
      int warmup,
      int reps,
      double limit,
      List<String> sets,
      @Nullable Path out,
      @Nullable String cache) {}

  /** One run of one build. */
  record Repetition(int index, Build build, double examplesPerSec, List<Double> perStep, double wallSeconds, Path log) {}

  /** A run that did not give a measurement: exit 1 with this message. */
  static final class RunFailed extends Exception {
    RunFailed(String message) {
      super(message);
    }
  }

  @Override
  public String name() {
    return "bench-steps";
  }

  @Override
  public String summary() {
    return "compare the training step of two built checkouts: alternate their pretrain runs, report medians and spread";
  }

  @Override
  public String synopsis() {
    return "--baseline DIR [--candidate DIR] --config FILE [--steps N] [--warmup K] [--reps R] [--limit PCT]"
        + " [--set PATH=VALUE ...] [--out DIR]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("baseline")
                .hasArg()
                .argName("DIR")
                .desc("checkout of the old build, built with: " + Checkout.BUILD)
                .build())
        .addOption(
            Option.builder()
                .longOpt("candidate")
                .hasArg()
                .argName("DIR")
                .desc("checkout of the new build, built likewise (default: the checkout this command runs from)")
                .build())
        .addOption(Option.builder().longOpt("config").hasArg().argName("FILE").desc(".textproto spec both builds train").build())
        .addOption(
            Option.builder()
                .longOpt("steps")
                .hasArg()
                .argName("N")
                .desc("training steps per run (default " + DEFAULT_STEPS + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("warmup")
                .hasArg()
                .argName("K")
                .desc("first steps of each run left out: graph compilation and warm-up (default " + DEFAULT_WARMUP + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("reps")
                .hasArg()
                .argName("R")
                .desc("runs of each build (default " + DEFAULT_REPS + ")")
                .build())
        .addOption(
            Option.builder()
                .longOpt("limit")
                .hasArg()
                .argName("PCT")
                .desc("how much slower the candidate's median step may be, in percent (default 5); exit 1 beyond")
                .build())
        .addOption(
            Option.builder()
                .longOpt("set")
                .hasArg()
                .argName("PATH=VALUE")
                .desc("override one field of the spec in both builds' runs (repeatable)")
                .build())
        .addOption(
            Option.builder()
                .longOpt("out")
                .hasArg()
                .argName("DIR")
                .desc("write bench.json and the runs' logs here (must not exist or be empty)")
                .build())
        .addOption(Args.cacheOption());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Settings settings = settings(Args.parse(this, args));
    // Input errors before minutes of runs: the config as this build reads it, then both checkouts.
    ModelSpec spec = ModelSpec.read(settings.config());
    String fingerprint = spec.fingerprint();
    spec = spec.withOverrides(settings.sets());
    Checkout baseline = Checkout.of(settings.baseline(), "--baseline");
    Path candidateDir = settings.candidate() != null ? settings.candidate() : Checkout.running();
    if (candidateDir == null) {
      throw new UsageException("cannot tell which checkout this command runs from; give --candidate DIR");
    }
    Checkout candidate = Checkout.of(candidateDir, settings.candidate() != null ? "--candidate" : "candidate (this checkout)");
    Path outDir = settings.out() == null ? null : RunDirs.create(settings.out());

    Path temp = Files.createTempDirectory("unimo-bench-");
    Path runs = Files.createDirectories(temp.resolve("runs"));
    Path logs = Files.createDirectories((outDir != null ? outDir : temp).resolve("logs"));
    Signals.install(err, "stopping the running pretrain", "still stopping");
    err.printf(
        "bench-steps: baseline %s, candidate %s; %d runs of %d steps each, logs in %s%n",
        baseline.dir(), candidate.dir(), 2 * settings.reps(), settings.steps(), logs);
    List<Repetition> repetitions = new ArrayList<>();
    boolean measured = false;
    try {
      List<Build> schedule = schedule(settings.reps());
      for (int i = 0; i < schedule.size(); i++) {
        Build build = schedule.get(i);
        Repetition repetition =
            runOnce(settings, i + 1, build, build == Build.BASELINE ? baseline : candidate, runs, logs);
        repetitions.add(repetition);
        err.printf(
            "bench-steps: %2d/%d %-9s %9.1f examples/s (median of steps %d-%d), %.1f s%n",
            i + 1, schedule.size(), build.label(), repetition.examplesPerSec(), settings.warmup() + 1, settings.steps(),
            repetition.wallSeconds());
      }
      measured = true;
    } catch (Signals.Stopped stopped) {
      err.printf("unimo bench-steps: stopped after %d of %d runs; logs in %s%n", repetitions.size(), 2 * settings.reps(), logs);
      return stopped.status();
    } catch (RunFailed failed) {
      err.println("unimo bench-steps: " + failed.getMessage());
      return Main.FAILED;
    } finally {
      // The logs stay where a failure or a stop pointed to; the run directories go.
      delete(outDir != null || measured ? temp : runs);
    }

    Spread base = Spread.of(values(repetitions, Build.BASELINE));
    Spread cand = Spread.of(values(repetitions, Build.CANDIDATE));
    double slower = slowerPercent(base.median(), cand.median());
    boolean within = slower <= settings.limit();
    out.print(table(settings, baseline, candidate, base, cand));
    out.println(verdict(slower, settings.limit()));
    if (outDir != null) {
      JsonObject json =
          report(settings, fingerprint, spec, baseline, candidate, repetitions, base, cand, slower, within);
      Path file = outDir.resolve("bench.json");
      AtomicFiles.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n");
      err.println("bench-steps: written to " + file);
    }
    return within ? Main.OK : Main.FAILED;
  }

  /** The command line, checked: every number in range, the required options given. */
  static Settings settings(CommandLine line) throws UsageException {
    for (String required : List.of("baseline", "config")) {
      if (!line.hasOption(required)) {
        throw new UsageException("--" + required + " is required (unimo bench-steps --help)");
      }
    }
    Integer steps = Args.positiveInt(line, "steps");
    Integer reps = Args.positiveInt(line, "reps");
    int warmup = DEFAULT_WARMUP;
    String warmupValue = line.getOptionValue("warmup");
    if (warmupValue != null) {
      try {
        warmup = Integer.parseInt(warmupValue);
      } catch (NumberFormatException e) {
        warmup = -1;
      }
      if (warmup < 0) {
        throw new UsageException("--warmup: '" + warmupValue + "' is not a non-negative integer");
      }
    }
    int stepCount = steps == null ? DEFAULT_STEPS : steps;
    if (stepCount <= warmup) {
      throw new UsageException(
          "--steps " + stepCount + " leaves no step after the " + warmup + " warm-up steps; give --steps above --warmup");
    }
    double limit = DEFAULT_LIMIT;
    String limitValue = line.getOptionValue("limit");
    if (limitValue != null) {
      try {
        limit = Double.parseDouble(limitValue.endsWith("%") ? limitValue.substring(0, limitValue.length() - 1) : limitValue);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (!(limit >= 0) || Double.isInfinite(limit)) {
        throw new UsageException("--limit: '" + limitValue + "' is not a non-negative percentage");
      }
    }
    Path config = Path.of(line.getOptionValue("config")).toAbsolutePath();
    String[] sets = line.getOptionValues("set");
    return new Settings(
        Path.of(line.getOptionValue("baseline")),
        line.hasOption("candidate") ? Path.of(line.getOptionValue("candidate")) : null,
        config,
        stepCount,
        warmup,
        reps == null ? DEFAULT_REPS : reps,
        limit,
        sets == null ? List.of() : List.of(sets),
        line.hasOption("out") ? Path.of(line.getOptionValue("out")) : null,
        line.getOptionValue("cache"));
  }

  /** The order of the runs: A B, B A, A B, ... — every build first as often as second. */
  static List<Build> schedule(int reps) {
    List<Build> order = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      order.addAll(i % 2 == 0 ? List.of(Build.BASELINE, Build.CANDIDATE) : List.of(Build.CANDIDATE, Build.BASELINE));
    }
    return order;
  }

  /** The child's environment: as the launcher sets it, so both builds run as {@code ./unimo} would. */
  static Map<String, String> childEnvironment(Map<String, String> parent) {
    Map<String, String> env = new HashMap<>(parent);
    String xla = env.getOrDefault("TF_XLA_FLAGS", "");
    if (!(" " + xla + " ").contains("--tf_xla_cpu_global_jit")) {
      env.put("TF_XLA_FLAGS", (xla.isEmpty() ? "" : xla + " ") + "--tf_xla_cpu_global_jit");
    }
    env.putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "1");
    return env;
  }

  /** {@code java ... Main pretrain ...} of one run of {@code checkout}. */
  static List<String> childCommand(Settings settings, Checkout checkout, Path runDir) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-cp",
                checkout.fullClassPath(),
                Main.class.getName(),
                "pretrain",
                "--config",
                settings.config().toString(),
                "--out",
                runDir.toString(),
                "--steps",
                Integer.toString(settings.steps())));
    for (String set : settings.sets()) {
      command.add("--set");
      command.add(set);
    }
    if (settings.cache() != null) {
      command.add("--cache");
      command.add(settings.cache());
    }
    return command;
  }

  private static Repetition runOnce(Settings settings, int index, Build build, Checkout checkout, Path runs, Path logs)
      throws IOException, InterruptedException, RunFailed, Signals.Stopped {
    String name = String.format(Locale.ROOT, "%02d-%s", index, build.label());
    Path runDir = runs.resolve(name);
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(childCommand(settings, checkout, runDir))
            .directory(checkout.dir().toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD) // the same lines are in metrics.jsonl
            .redirectError(log.toFile());
    Map<String, String> env = childEnvironment(System.getenv());
    builder.environment().clear();
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process child = builder.start();
    try {
      while (!child.waitFor(100, TimeUnit.MILLISECONDS)) {
        Signals.checkpoint();
      }
    } finally {
      if (child.isAlive()) {
        stop(child);
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    int status = child.exitValue();
    if (status != 0) {
      // On a terminal Ctrl-C reaches the child too, which may exit before our handler has run.
      Thread.sleep(status >= 128 ? 300 : 0);
      Signals.checkpoint();
      throw new RunFailed(
          "run " + index + " (" + build.label() + ", " + checkout.dir() + ") failed with exit status " + status + "; see " + log);
    }
    Path metrics = runDir.resolve("metrics.jsonl");
    if (!Files.isRegularFile(metrics)) {
      throw new RunFailed("run " + index + " (" + build.label() + ") wrote no " + metrics + "; see " + log);
    }
    List<Double> perStep;
    try {
      perStep = throughputs(Files.readAllLines(metrics, StandardCharsets.UTF_8), settings.warmup());
    } catch (IllegalArgumentException e) {
      throw new RunFailed("run " + index + " (" + build.label() + "): " + metrics + ": " + e.getMessage());
    }
    delete(runDir);
    return new Repetition(
        index, build, Spread.of(perStep.stream().mapToDouble(Double::doubleValue).toArray()).median(), perStep, wall, log);
  }

  /**
   * The {@code examples_per_sec} of each step after the first {@code warmup}, in step order.
   *
   * @throws IllegalArgumentException if a line is not a metrics record, a step has no rate (a
   *     {@code --deterministic} run) or no step is left
   */
  static List<Double> throughputs(List<String> metricsLines, int warmup) {
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < metricsLines.size(); i++) {
      String text = metricsLines.get(i);
      if (text.isBlank()) {
        continue;
      }
      JsonObject line;
      try {
        line = JsonParser.parseString(text).getAsJsonObject();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not a JSON object");
      }
      if (!line.has("step")) {
        throw new IllegalArgumentException("line " + (i + 1) + " has no \"step\"");
      }
      if (line.get("step").getAsLong() <= warmup) {
        continue;
      }
      if (!line.has("examples_per_sec")) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + " has no \"examples_per_sec\" (a --deterministic run leaves it out)");
      }
      rates.add(line.get("examples_per_sec").getAsDouble());
    }
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("no step after the " + warmup + " warm-up steps");
    }
    return rates;
  }

  /**
   * How much slower the candidate's step is than the baseline's, in percent (negative: faster). A
   * step's time is its examples, the same in both builds, over its rate.
   */
  static double slowerPercent(double baselineRate, double candidateRate) {
    return (baselineRate / candidateRate - 1) * 100;
  }

  /** {@code candidate median is 1.2% slower than baseline (limit 5%)}. */
  static String verdict(double slowerPercent, double limit) {
    return String.format(
        Locale.ROOT,
        "candidate median is %.1f%% %s than baseline (limit %s%%)%s",
        Math.abs(slowerPercent),
        slowerPercent > 0 ? "slower" : "faster",
        number(limit),
        slowerPercent <= limit ? "" : ": too slow");
  }

  static String table(Settings settings, Checkout baseline, Checkout candidate, Spread base, Spread cand) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "bench-steps: %s, %d steps per run (median of steps %d-%d), %d run%s per build, alternating%n",
            settings.config(), settings.steps(), settings.warmup() + 1, settings.steps(), settings.reps(),
            settings.reps() == 1 ? "" : "s"));
    out.append(String.format(Locale.ROOT, "  baseline  %s%s%n", baseline.dir(), shortCommit(baseline)));
    out.append(String.format(Locale.ROOT, "  candidate %s%s%n", candidate.dir(), shortCommit(candidate)));
    out.append(String.format(Locale.ROOT, "%-10s %10s %10s %10s %10s %10s   examples/s per run%n", "build", "median", "min", "max", "IQR", "MAD"));
    for (var row : List.of(Map.entry("baseline", base), Map.entry("candidate", cand))) {
      Spread s = row.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "%-10s %10.1f %10.1f %10.1f %10.1f %10.1f   (IQR %.1f%% of median)%n",
              row.getKey(), s.median(), s.min(), s.max(), s.iqr(), s.mad(), 100 * s.iqr() / s.median()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "candidate/baseline: median rate %.3f, median step time %.3f%n",
            cand.median() / base.median(),
            base.median() / cand.median()));
    return out.toString();
  }

  private static String shortCommit(Checkout checkout) {
    String commit = checkout.commit();
    if (commit == null) {
      return "";
    }
    return " (" + commit.substring(0, Math.min(12, commit.length())) + (Boolean.TRUE.equals(checkout.dirty()) ? ", with uncommitted changes" : "") + ")";
  }

  private static JsonObject report(
      Settings settings,
      String fingerprint,
      ModelSpec spec,
      Checkout baseline,
      Checkout candidate,
      List<Repetition> repetitions,
      Spread base,
      Spread cand,
      double slower,
      boolean within) {
    JsonObject json = new JsonObject();
    json.addProperty("config", settings.config().toString());
    json.addProperty("config_fingerprint", fingerprint);
    JsonArray sets = new JsonArray();
    settings.sets().forEach(sets::add);
    json.add("sets", sets);
    json.addProperty("batch_size", spec.training().batchSize());
    json.addProperty("steps", settings.steps());
    json.addProperty("warmup", settings.warmup());
    json.addProperty("reps", settings.reps());
    json.addProperty("limit_percent", settings.limit());
    json.addProperty("measure", "examples_per_sec; per run the median over steps after the warm-up");
    JsonObject machine = new JsonObject();
    machine.addProperty("cpu_model", cpuModel());
    machine.addProperty("cores", Runtime.getRuntime().availableProcessors());
    machine.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.addProperty("java", System.getProperty("java.version"));
    json.add("machine", machine);
    JsonObject builds = new JsonObject();
    builds.add("baseline", build(baseline, base));
    builds.add("candidate", build(candidate, cand));
    json.add("builds", builds);
    JsonArray runs = new JsonArray();
    for (Repetition r : repetitions) {
      JsonObject run = new JsonObject();
      run.addProperty("index", r.index());
      run.addProperty("build", r.build().label());
      run.addProperty("examples_per_sec_median", r.examplesPerSec());
      run.addProperty("wall_seconds", Math.round(r.wallSeconds() * 100) / 100.0);
      JsonArray perStep = new JsonArray();
      r.perStep().forEach(perStep::add);
      run.add("examples_per_sec", perStep);
      run.addProperty("log", r.log().toString());
      runs.add(run);
    }
    json.add("repetitions", runs);
    json.addProperty("rate_ratio", cand.median() / base.median());
    json.addProperty("step_time_ratio", base.median() / cand.median());
    json.addProperty("slower_percent", slower);
    json.addProperty("within_limit", within);
    json.addProperty("verdict", verdict(slower, settings.limit()));
    return json;
  }

  private static JsonObject build(Checkout checkout, Spread spread) {
    JsonObject json = new JsonObject();
    json.addProperty("dir", checkout.dir().toString());
    json.addProperty("commit", checkout.commit());
    json.addProperty("dirty", checkout.dirty());
    json.addProperty("jar", checkout.jar().toString());
    json.addProperty("median", spread.median());
    json.addProperty("min", spread.min());
    json.addProperty("max", spread.max());
    json.addProperty("q1", spread.q1());
    json.addProperty("q3", spread.q3());
    json.addProperty("iqr", spread.iqr());
    json.addProperty("mad", spread.mad());
    return json;
  }

  private static double[] values(List<Repetition> repetitions, Build build) {
    return repetitions.stream().filter(r -> r.build() == build).mapToDouble(Repetition::examplesPerSec).toArray();
  }

  /** The first "model name" of /proc/cpuinfo; null where there is none. */
  private static @Nullable String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux: leave it out
    }
    return null;
  }

  /** Asks the child and its children to stop (they checkpoint first), then kills what is left. */
  private static void stop(Process child) throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>(child.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    child.destroy();
    if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
      tree.forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
      child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static void delete(Path dir) throws IOException {
    try {
      MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (NoSuchFileException e) {
      // already gone
    }
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
