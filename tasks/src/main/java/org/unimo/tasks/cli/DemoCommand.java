package org.unimo.tasks.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.unimo.dsl.ModelSpec;
import org.unimo.dsl.Presets;
import org.unimo.graph.SessionConfigs;
import org.unimo.savedmodels.Predictor;
import org.unimo.tasks.data.Scene;
import org.unimo.tasks.eval.Recall;
import org.unimo.tasks.eval.RetrievalEvaluator;
import org.unimo.tasks.data.ShapesWorldSource;
import org.unimo.tasks.training.TrainingRun;
import org.unimo.tasks.training.RunManifest;
import org.unimo.tasks.training.Trainer;
import org.unimo.tasks.training.CheckpointPolicy;
import org.unimo.tasks.training.ProgressBars;

/**
 * {@code unimo demo}: the whole path on the embedded data. Builds the tiny spec with masked LM and
 * CMCL ({@link Presets#tinyRetrieval()}), pre-trains it on
 * CPU, measures retrieval on held-out scenes before and after, exports a SavedModel, reloads it
 * and retrieves with it.
 */
final class DemoCommand implements Command {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "pre-train the tiny model on the embedded shapes world, evaluate, export, reload, retrieve";
  }

  @Override
  public String synopsis() {
    return "[--out DIR] [--steps N] [--no-progress]";
  }

  @Override
  public Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("run directory (default runs/demo-TIMESTAMP)").build())
        .addOption(Option.builder().longOpt("steps").hasArg().argName("N").desc("training steps (default: the tiny preset's)").build())
        .addOption(Args.noProgressOption())
        .addOption(Args.cacheOption());
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Args.parse(this, args);
    Signals.install(err);
    Integer steps = Args.positiveInt(line, "steps");
    ModelSpec.Builder builder = Presets.tinyRetrieval();
    if (steps != null) {
      builder.training(t -> t.steps(steps));
    }
    ModelSpec spec = builder.build();
    Path runDir =
        RunDirs.createOrDefault(line, "demo");
    long start = System.nanoTime();
    out.println("== UNIMO demo: " + spec.name() + " spec, sha256 " + spec.fingerprint());
    out.println("   XLA: " + SessionConfigs.xla(spec.compile()));

    DataLoading.Loaded data = DataLoading.load(spec, line.getOptionValue("cache"), out);
    List<Scene> heldout = data.world().heldout();
    try (TrainingRun run = TrainingRun.prepare(spec, new ShapesWorldSource(data.world()), runDir)) {
      run.describe(out);
      RunManifest.write(runDir, spec, run.dataFiles(data.file()), false, CheckpointPolicy.DEFAULT);
      RetrievalEvaluator evaluator = new RetrievalEvaluator(spec, run.tokenizer(), heldout);
      Recall before = evaluator.evaluate(run.embedder());
      out.println("before training: " + before);

      out.printf("pre-training %d steps (batch %d) ...%n", spec.training().steps(), spec.training().batchSize());
      Trainer.Summary trained =
          run.train(
              new Trainer.Options(
                  ProgressBars.wanted(!line.hasOption("no-progress"), false),
                  false,
                  CheckpointPolicy.DEFAULT,
                  Signals::stopRequested),
              m -> {});
      if (!trained.status().finished()) {
        err.println("unimo demo: stopped after step " + trained.lastStep() + " of " + trained.status().steps());
        return Signals.exitStatus();
      }
      out.println("losses: first step " + trained.first().losses() + ", last step " + trained.last().losses());
      float[][] texts = evaluator.textEmbeddings(run.embedder());
      float[][] images = evaluator.imageEmbeddings(run.embedder());
      Recall after = Recall.atOne(RetrievalEvaluator.similarities(texts, images));
      out.println("after training:  " + after);

      Path export = run.export(runDir.resolve("export"));
      out.println("exported SavedModel to " + export);

      try (Predictor predictor = Predictor.load(export)) {
        float[][] reloadedTexts = predictor.embedTexts(evaluator.queries());
        float[][] reloadedImages = predictor.embedImages(evaluator.images());
        double difference = Math.max(maxAbsDifference(texts, reloadedTexts), maxAbsDifference(images, reloadedImages));
        out.printf("reloaded SavedModel: max |embedding difference| vs in-memory graph = %.2e%n", difference);

        int query = 0;
        String caption = evaluator.queries().get(query);
        float[] scores = predictor.scores(List.of(caption), evaluator.images())[0];
        out.printf("retrieval from the reloaded SavedModel, query \"%s\" (true scene %s):%n", caption, heldout.get(query).id());
        Integer[] ranked = new Integer[scores.length];
        for (int i = 0; i < ranked.length; i++) {
          ranked[i] = i;
        }
        java.util.Arrays.sort(ranked, (a, b) -> Float.compare(scores[b], scores[a]));
        for (int rank = 0; rank < 3; rank++) {
          int scene = ranked[rank];
          out.printf(
              "  %d. %s score %.3f%s  %s%n",
              rank + 1,
              heldout.get(scene).id(),
              scores[scene],
              scene == query ? " (the true scene)" : "",
              heldout.get(scene).captions().get(0));
        }
        boolean ok =
            after.textToImage() >= 3 * after.chance()
                && after.imageToText() >= 3 * after.chance()
                && after.textToImage() > before.textToImage()
                && after.imageToText() > before.imageToText()
                && difference <= 1e-5;
        out.printf(
            "demo %s in %.0f s (run directory %s)%n",
            ok ? "passed" : "FAILED its checks (R@1 >= 3x chance and above the untrained model; reload within 1e-5)",
            (System.nanoTime() - start) / 1e9,
            runDir);
        return ok ? Main.OK : Main.FAILED;
      }
    }
  }

  static double maxAbsDifference(float[][] a, float[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}
